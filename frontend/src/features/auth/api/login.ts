import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { LoginRequest, TokenResponse } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { sessionFromTokens, setSession } from '@/lib/session'
import { meQueryKey } from './get-me'

export type LoginInput = LoginRequest

/** `POST /api/v1/admin/auth/login`. Throws an ApiError (e.g. `totp_required`) on refusal. */
export async function login(input: LoginInput): Promise<TokenResponse> {
  const { data, error, response } = await api.POST('/api/v1/admin/auth/login', { body: input })
  if (!data) throw toApiError(error, response)
  return data
}

/** Signs in and stores the session. */
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
      setSession(sessionFromTokens(tokens))
      queryClient.setQueryData(meQueryKey, tokens.admin)
    },
  })
}
