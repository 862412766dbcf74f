import { useMutation } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import type { components } from '@/lib/api/schema'

export type PortalTotpSetup = components['schemas']['TotpSetupResponse']

/** `POST /api/v1/portal/me/2fa/setup`: a new secret and its `otpauth://` URL; on only after `…/enable` confirms a code. */
export async function startPortalTotpSetup(): Promise<PortalTotpSetup> {
  const { data, error, response } = await portalApi.POST('/api/v1/portal/me/2fa/setup')
  if (!data) throw toApiError(error, response)
  return data
}

export function useStartPortalTotpSetup() {
  // The secret lives in the component showing it, never in a cache.
  return useMutation({ mutationFn: startPortalTotpSetup, gcTime: 0 })
}
