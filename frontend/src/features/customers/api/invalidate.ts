import type { QueryClient } from '@tanstack/react-query'
import { activationsKey, customerKeys, licensesKey } from './keys'

/** After a license or activation changed: every customer view, and the licenses and activations pages. */
export function invalidateLicenseViews(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: customerKeys.all })
  void queryClient.invalidateQueries({ queryKey: licensesKey })
  void queryClient.invalidateQueries({ queryKey: activationsKey })
}
