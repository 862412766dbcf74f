import type { QueryClient } from '@tanstack/react-query'
import { portalMeKey } from '@/hooks/use-portal-session'
import { updatePortalCustomer, type PortalMe } from '@/lib/portal-session'

/** After a change to the account: the new profile everywhere (cache and the in-memory session). */
export function storePortalMe(queryClient: QueryClient, me: PortalMe): void {
  updatePortalCustomer(me)
  queryClient.setQueryData(portalMeKey, me)
}
