import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { clearSession, getSession } from '@/lib/session'

/**
 * `POST /api/v1/admin/auth/logout` with the refresh token, so the server revokes it.
 * The local session is cleared whatever the server answers (or if it is unreachable).
 */
export async function logout(): Promise<void> {
  const session = getSession()
  if (!session) return
  try {
    await api.POST('/api/v1/admin/auth/logout', { body: { refresh_token: session.refresh_token } })
  } catch {
    // Offline: the tokens are dropped locally and the access token expires on its own.
  }
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      clearSession('logout')
      queryClient.removeQueries()
      // Mutation variables and results (passwords, generated secrets) go too.
      queryClient.getMutationCache().clear()
    },
  })
}
