import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { TotpSetupResponse } from '../lib/types'

/**
 * `POST /api/v1/admin/me/2fa/setup`: a new secret and its `otpauth://` URL. Two-factor is
 * on only after `…/2fa/enable` confirms a code (409 when it is already on).
 */
export async function startTotpSetup(): Promise<TotpSetupResponse> {
  const { data, error, response } = await api.POST('/api/v1/admin/me/2fa/setup')
  if (!data) throw toApiError(error, response)
  return data
}

export function useStartTotpSetup() {
  // The secret lives in the component showing it, never in a cache.
  return useMutation({ mutationFn: startTotpSetup, gcTime: 0 })
}
