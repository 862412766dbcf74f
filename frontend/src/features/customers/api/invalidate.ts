import type { QueryClient } from '@tanstack/react-query'
import { statsKeys } from '@/lib/query-keys'
import { activationsKey, customerKeys, licensesKey } from './keys'

/** After a license or activation changed: every customer view, the licenses and activations pages, and the dashboard. */
export function invalidateLicenseViews(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: customerKeys.all })
  void queryClient.invalidateQueries({ queryKey: licensesKey })
  void queryClient.invalidateQueries({ queryKey: activationsKey })
  void queryClient.invalidateQueries({ queryKey: statsKeys.all })
}
