import { useMutation } from '@tanstack/react-query'
import { portalApi, withPortalRefreshLock } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import { useStartPortalSession } from './start-session'
import type { PortalTokenResponse } from './types'

export interface ConsumeMagicLinkInput {
  token: string
  totp_code?: string
}

/**
 * `POST /api/v1/portal/auth/magic-link/consume`: signs in with a mailed link. With 2FA on
 * and no code the answer is `totp_required` and the link stays usable for the retry with
 * the code; a used, expired or unknown link is `invalid_link`.
 */
export async function consumeMagicLink(input: ConsumeMagicLinkInput): Promise<PortalTokenResponse> {
  const { data, error, response } = await withPortalRefreshLock(() =>
    portalApi.POST('/api/v1/portal/auth/magic-link/consume', { body: input }),
  )
  if (!data) throw toApiError(error, response)
  return data
}

export function useConsumeMagicLink() {
  const startSession = useStartPortalSession()
  return useMutation({ mutationFn: consumeMagicLink, gcTime: 0, onSuccess: startSession })
}
