import type { operations } from '@/lib/api/schema'
import type { Schemas } from '@/lib/api/types'

export type SearchResults = Schemas['SearchResults']
export type Customer = Schemas['Customer']
export type License = Schemas['License']
export type SearchQuery = operations['search']['parameters']['query']
