import type { QueryClient } from '@tanstack/react-query'
import type { paths } from '@/lib/api/schema'
import { statsKeys } from '@/lib/query-keys'

export type LicenseListQuery = NonNullable<paths['/api/v1/admin/licenses']['get']['parameters']['query']>

/**
 * License query keys, shared by every feature that reads licenses: everything under
 * `['admin', 'licenses']`, one entry per license at `['admin', 'licenses', id]`.
 */
export const licenseKeys = {
  all: ['admin', 'licenses'] as const,
  list: (query: LicenseListQuery) => ['admin', 'licenses', 'list', query] as const,
  detail: (id: string) => ['admin', 'licenses', id] as const,
}

/**
 * After a license changed (created, updated, renewed, revoked, assigned): every view that
 * shows licenses, owners or counts refreshes: the licenses and activations pages, every
 * customer view, the dashboard, and (`products`) the per-product license counts.
 */
export function invalidateLicenseViews(queryClient: QueryClient, { products = false }: { products?: boolean } = {}): Promise<unknown> {
  const jobs: Promise<unknown>[] = [
    queryClient.invalidateQueries({ queryKey: licenseKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['admin', 'customers'] }),
    queryClient.invalidateQueries({ queryKey: ['admin', 'activations'] }),
    queryClient.invalidateQueries({ queryKey: statsKeys.all }),
  ]
  if (products) jobs.push(queryClient.invalidateQueries({ queryKey: ['admin', 'products'] }))
  return Promise.all(jobs)
}
