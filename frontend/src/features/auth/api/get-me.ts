import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Admin } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { getSession, updateSessionAdmin } from '@/lib/session'
import { useSession } from '../lib/use-session'

export const meQueryKey = ['admin', 'me'] as const

/** `GET /api/v1/admin/me`: the signed-in admin. Keeps the session's profile up to date. */
export async function getMe(): Promise<Admin> {
  const { data, error, response } = await api.GET('/api/v1/admin/me')
  if (!data) throw toApiError(error, response)
  updateSessionAdmin(data)
  return data
}

/**
 * The signed-in admin. Starts from the profile that came with the session (the sign-in or
 * the renewal that restored it, so the shell renders at once) and refreshes it from the server.
 */
export function useMe() {
  const signedIn = useSession() !== null
  return useQuery({
    enabled: signedIn,
    queryKey: meQueryKey,
    queryFn: getMe,
    initialData: () => getSession()?.admin,
    initialDataUpdatedAt: 0,
    staleTime: 60_000,
  })
}
