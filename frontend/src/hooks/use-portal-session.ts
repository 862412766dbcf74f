import { useQuery } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import { portalApi } from '@/lib/portal-api-client'
import { getPortalSession, subscribePortalSession, updatePortalCustomer, type PortalMe, type PortalSession } from '@/lib/portal-session'
import { toApiError } from '@/lib/problem'

/** Every portal query key starts with this, so a sign-in or sign-out drops them all at once. */
export const PORTAL_QUERY_ROOT = ['portal'] as const
export const portalMeKey = ['portal', 'me'] as const

/** This tab's portal session (customer or impersonation), re-rendering when it changes. */
export function usePortalSession(): PortalSession | null {
  return useSyncExternalStore(subscribePortalSession, getPortalSession, getPortalSession)
}

/** `GET /api/v1/portal/me`: the signed-in customer (keeps the stored profile up to date). */
export async function getPortalMe(signal?: AbortSignal): Promise<PortalMe> {
  const { data, error, response } = await portalApi.GET('/api/v1/portal/me', { signal })
  if (!data) throw toApiError(error, response)
  updatePortalCustomer(data)
  return data
}

/**
 * The signed-in customer: starts from the profile stored at sign-in (none for an
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
