import { useQuery, type QueryClient } from '@tanstack/react-query'
import { useSession } from '@/hooks/use-session'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { getSession, updateSessionAdmin } from '@/lib/session'
import type { Admin } from '../lib/types'
import { profileKeys } from './keys'

/** `GET /api/v1/admin/me`: your account (also refreshes the profile stored with the session). */
export async function getMe(signal?: AbortSignal): Promise<Admin> {
  const { data, error, response } = await api.GET('/api/v1/admin/me', { signal })
  if (!data) throw toApiError(error, response)
  updateSessionAdmin(data)
  return data
}

/** Your account: starts from the session's profile and refreshes it from the server. */
export function useMyAccount() {
  const signedIn = useSession() !== null
  return useQuery({
    enabled: signedIn,
    queryKey: profileKeys.me,
    queryFn: ({ signal }) => getMe(signal),
    initialData: () => getSession()?.admin,
    initialDataUpdatedAt: 0,
  })
}

/** After a change to your account: the new profile everywhere (cache and session). */
export function storeMyAccount(queryClient: QueryClient, admin: Admin): void {
  updateSessionAdmin(admin)
  queryClient.setQueryData(profileKeys.me, admin)
}
