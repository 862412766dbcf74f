import { useMutation, useQueryClient } from '@tanstack/react-query'
import { PORTAL_QUERY_ROOT } from '@/hooks/use-portal-session'
import { portalApi } from '@/lib/portal-api-client'
import { clearPortalSession, getPortalSession } from '@/lib/portal-session'

/**
 * `POST /api/v1/portal/auth/logout` ends the token's session on the server, a customer's
 * sign-in (the server also clears its refresh cookie) or an admin's "View as customer"
 * session alike. The local session is cleared whatever the answer (or when the server is
 * unreachable).
 */
export async function portalLogout(): Promise<void> {
  if (!getPortalSession()) return
  try {
    await portalApi.POST('/api/v1/portal/auth/logout')
  } catch {
    // Offline: the token is dropped locally and expires on its own.
  }
}

/** Signs out, or leaves a "View as customer" session: this tab's portal session ends either way. */
export function usePortalLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: portalLogout,
    onSettled: () => {
      // A customer's sign-out ends the session in their other tabs too.
      clearPortalSession('logout', { share: true })
      queryClient.removeQueries({ queryKey: PORTAL_QUERY_ROOT })
      queryClient.getMutationCache().clear()
    },
  })
}
