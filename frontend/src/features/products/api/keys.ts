import type { ProductListQuery } from './types'

/** Query keys: `['admin', 'products']` refreshes every product view (lists, details, generators, keys). */
export const productKeys = {
  all: ['admin', 'products'] as const,
  list: (query: ProductListQuery) => ['admin', 'products', 'list', query] as const,
  detail: (id: string) => ['admin', 'products', id] as const,
  publicKeys: (id: string) => ['admin', 'products', id, 'public-keys'] as const,
  generators: (id: string, page: number) => ['admin', 'products', id, 'generators', page] as const,
  allGenerators: (id: string) => ['admin', 'products', id, 'generators'] as const,
}
