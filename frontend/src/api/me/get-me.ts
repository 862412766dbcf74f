import { useQuery, type QueryClient } from '@tanstack/react-query'
import { useSession } from '@/hooks/use-session'
import { api } from '@/lib/api-client'
import type { Admin } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { getSession, updateSessionAdmin } from '@/lib/session'

/** The signed-in admin: one cache entry for the shell and the profile page. */
export const meQueryKey = ['admin', 'me'] as const

/** `GET /api/v1/admin/me`: the signed-in admin. Keeps the session's profile up to date. */
export async function getMe(signal?: AbortSignal): Promise<Admin> {
  const { data, error, response } = await api.GET('/api/v1/admin/me', { signal })
  if (!data) throw toApiError(error, response)
  updateSessionAdmin(data)
  return data
}

/**
 * The signed-in admin. Starts from the profile that came with the session (the sign-in or
 * the renewal that restored it, so the shell renders at once) and refreshes it from the
 * server; the shell passes a `staleTime`, the profile page reads it fresh.
 */
export function useMe({ staleTime }: { staleTime?: number } = {}) {
  const signedIn = useSession() !== null
  return useQuery({
    enabled: signedIn,
    queryKey: meQueryKey,
    queryFn: ({ signal }) => getMe(signal),
    initialData: () => getSession()?.admin,
    initialDataUpdatedAt: 0,
    ...(staleTime !== undefined ? { staleTime } : {}),
  })
}

/** After a change to your account: the new profile everywhere (cache and session). */
export function storeMe(queryClient: QueryClient, admin: Admin): void {
  updateSessionAdmin(admin)
  queryClient.setQueryData(meQueryKey, admin)
}
