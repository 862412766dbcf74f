import { useMutation } from '@tanstack/react-query'
import { portalApi, withPortalRefreshLock } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import { useStartPortalSession } from './start-session'
import type { PortalLoginRequest, PortalTokenResponse } from './types'

/**
 * `POST /api/v1/portal/auth/login`. Refusals come back as ApiError: `invalid_credentials`,
 * `totp_required` (ask for the code and send it again), `invalid_totp`, `account_inactive`,
 * `rate_limited` (with Retry-After).
 */
export async function portalLogin(input: PortalLoginRequest): Promise<PortalTokenResponse> {
  const { data, error, response } = await withPortalRefreshLock(() =>
    portalApi.POST('/api/v1/portal/auth/login', { body: input }),
  )
  if (!data) throw toApiError(error, response)
  return data
}

export function usePortalLogin() {
  const startSession = useStartPortalSession()
  // The password and code must not linger in the mutation cache.
  return useMutation({ mutationFn: portalLogin, gcTime: 0, onSuccess: startSession })
}
