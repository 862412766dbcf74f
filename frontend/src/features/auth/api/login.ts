import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, withAdminRefreshLock } from '@/lib/api-client'
import type { LoginRequest, TokenResponse } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { sessionFromTokens, setSession } from '@/lib/session'
import { meQueryKey } from '@/api/me/get-me'

/** Email, password and (second step) the 2FA code; never `include_refresh_token` (that is for API clients). */
export type LoginInput = Pick<LoginRequest, 'email' | 'password' | 'totp_code'>

/**
 * `POST /api/v1/admin/auth/login`. The answer carries the access token; the refresh token
 * comes in the HttpOnly cookie `latchkey_admin_refresh`, out of reach of page scripts.
 * Throws an ApiError (e.g. `totp_required`) on refusal.
 */
export async function login(input: LoginInput): Promise<TokenResponse> {
  const body: LoginRequest = { email: input.email, password: input.password }
  if (input.totp_code) body.totp_code = input.totp_code
  // No other tab may renew the old cookie while the new one is being set.
  const { data, error, response } = await withAdminRefreshLock(() => api.POST('/api/v1/admin/auth/login', { body }))
  if (!data) throw toApiError(error, response)
  return data
}

/** Signs in and keeps the session in memory (and hands it to the other tabs). */
export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: login,
    // The password, TOTP code and tokens must not linger in the mutation cache.
    gcTime: 0,
    onSuccess: (tokens) => {
      // Nothing cached for a previous admin may leak into this session.
      queryClient.removeQueries()
      queryClient.getMutationCache().clear()
      setSession(sessionFromTokens(tokens), { share: true })
      queryClient.setQueryData(meQueryKey, tokens.admin)
    },
  })
}
