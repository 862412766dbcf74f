import type { QueryClient } from '@tanstack/react-query'
import { statsKeys } from '@/lib/query-keys'
import type { LicenseListQuery } from './types'

/**
 * Query keys. Licenses live under `['admin', 'licenses']`; the products, generators and
 * customers read here use the same keys as everywhere (`['admin', 'products', …]`,
 * `['admin', 'customers', id]`) and hold the API's answers unchanged, so caches are shared.
 */
export const licenseKeys = {
  all: ['admin', 'licenses'] as const,
  list: (query: LicenseListQuery) => ['admin', 'licenses', 'list', query] as const,
  detail: (id: string) => ['admin', 'licenses', id] as const,
}

export const productKeys = {
  all: ['admin', 'products'] as const,
  generators: (productId: string) => ['admin', 'products', productId, 'generators', { per_page: 100 }] as const,
  preview: (productId: string, generatorId: string, count: number) =>
    ['admin', 'products', productId, 'generators', generatorId, 'preview', count] as const,
}

export const customerKeys = {
  all: ['admin', 'customers'] as const,
}

export interface InvalidateOptions {
  /** Owners or license counts changed (assign, transfer, unassign, import, delete). */
  customers?: boolean
  /** Activations were deactivated (revoke, unassign, delete). */
  activations?: boolean
  /** Per-product license counts changed (create, import, delete). */
  products?: boolean
}

/** Refreshes every license view, and the other lists a license change shows in. */
export function invalidateLicenses(queryClient: QueryClient, options: InvalidateOptions = {}): Promise<unknown> {
  const jobs: Promise<unknown>[] = [queryClient.invalidateQueries({ queryKey: licenseKeys.all })]
  if (options.customers) jobs.push(queryClient.invalidateQueries({ queryKey: customerKeys.all }))
  if (options.activations) jobs.push(queryClient.invalidateQueries({ queryKey: ['admin', 'activations'] }))
  if (options.products) jobs.push(queryClient.invalidateQueries({ queryKey: productKeys.all }))
  jobs.push(queryClient.invalidateQueries({ queryKey: statsKeys.all }))
  return Promise.all(jobs)
}
