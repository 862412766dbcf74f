import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { clearSession, getSession } from '@/lib/session'

/**
 * `POST /api/v1/admin/auth/logout` with the access token: the server ends the session and
 * clears the refresh cookie. The local session is cleared whatever the server answers (or
 * if it is unreachable), in every tab.
 */
export async function logout(): Promise<void> {
  if (!getSession()) return
  try {
    await api.POST('/api/v1/admin/auth/logout')
  } catch {
    // Offline: the token is dropped locally and expires on its own.
  }
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      clearSession('logout', { share: true })
      queryClient.removeQueries()
      // Mutation variables and results (passwords, generated secrets) go too.
      queryClient.getMutationCache().clear()
    },
  })
}
