import type { QueryClient } from '@tanstack/react-query'
import { licenseKeys } from '@/api/licenses/keys'
import { statsKeys } from '@/lib/query-keys'

// The license keys are shared (`@/api/licenses/keys`), with the calls several features make.
export { licenseKeys }

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
  if (options.customers) jobs.push(queryClient.invalidateQueries({ queryKey: ['admin', 'customers'] }))
  if (options.activations) jobs.push(queryClient.invalidateQueries({ queryKey: ['admin', 'activations'] }))
  if (options.products) jobs.push(queryClient.invalidateQueries({ queryKey: ['admin', 'products'] }))
  jobs.push(queryClient.invalidateQueries({ queryKey: statsKeys.all }))
  return Promise.all(jobs)
}
