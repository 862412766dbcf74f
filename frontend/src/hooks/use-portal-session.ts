import { useQuery } from '@tanstack/react-query'
import { useEffect, useSyncExternalStore } from 'react'
import { portalApi, restorePortalSession } from '@/lib/portal-api-client'
import {
  getPortalRestoreState,
  getPortalSession,
  subscribePortalSession,
  updatePortalCustomer,
  type PortalMe,
  type PortalSession,
} from '@/lib/portal-session'
import { toApiError } from '@/lib/problem'

/** Every portal query key starts with this, so a sign-in or sign-out drops them all at once. */
export const PORTAL_QUERY_ROOT = ['portal'] as const
export const portalMeKey = ['portal', 'me'] as const

/** This tab's portal session (customer or impersonation), re-rendering when it changes. */
export function usePortalSession(): PortalSession | null {
  return useSyncExternalStore(subscribePortalSession, getPortalSession, getPortalSession)
}

/**
 * This tab's portal session, restored from the refresh cookie on a page load's first use
 * (unless `enabled` is false, e.g. while a "View as customer" link opens): `restoring`
 * stays true (show the loading state, not the login page) until that renewal answers.
 */
export function useRestoredPortalSession(enabled = true): { session: PortalSession | null; restoring: boolean } {
  const session = usePortalSession()
  const state = useSyncExternalStore(subscribePortalSession, getPortalRestoreState, getPortalRestoreState)
  useEffect(() => {
    if (enabled && state === 'pending') void restorePortalSession()
  }, [enabled, state])
  return { session, restoring: session === null && state !== 'done' }
}

/** `GET /api/v1/portal/me`: the signed-in customer (keeps the session's profile up to date). */
export async function getPortalMe(signal?: AbortSignal): Promise<PortalMe> {
  const { data, error, response } = await portalApi.GET('/api/v1/portal/me', { signal })
  if (!data) throw toApiError(error, response)
  updatePortalCustomer(data)
  return data
}

/**
 * The signed-in customer: starts from the profile of the sign-in (none for an
 * impersonation) and refreshes it from the server.
 */
export function usePortalMe() {
  const session = usePortalSession()
  return useQuery({
    enabled: session !== null,
    queryKey: portalMeKey,
    queryFn: ({ signal }) => getPortalMe(signal),
    initialData: () => getPortalSession()?.customer ?? undefined,
    initialDataUpdatedAt: 0,
    staleTime: 60_000,
  })
}

/**
 * Whether this session may change nothing ("View as customer"): hide or disable every
 * write control. The server refuses writes with 403 anyway.
 */
export function usePortalReadOnly(): boolean {
  const session = usePortalSession()
  const me = usePortalMe()
  return session?.kind === 'impersonation' || me.data?.read_only === true
}
