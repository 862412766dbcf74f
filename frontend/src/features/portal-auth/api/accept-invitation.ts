import { useMutation } from '@tanstack/react-query'
import { portalApi, withPortalRefreshLock } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import { useStartPortalSession } from './start-session'
import type { PortalTokenResponse } from './types'

export interface AcceptInvitationInput {
  token: string
  password: string
  name?: string
}

/**
 * `POST /api/v1/portal/auth/invitation/accept`: sets the first password (and the name),
 * verifies the email and signs in. 422 names `password` when it breaks the server's rules;
 * `invalid_link` when the invitation expired or was used.
 */
export async function acceptInvitation(input: AcceptInvitationInput): Promise<PortalTokenResponse> {
  const { data, error, response } = await withPortalRefreshLock(() =>
    portalApi.POST('/api/v1/portal/auth/invitation/accept', { body: input }),
  )
  if (!data) throw toApiError(error, response)
  return data
}

export function useAcceptInvitation() {
  const startSession = useStartPortalSession()
  return useMutation({ mutationFn: acceptInvitation, gcTime: 0, onSuccess: startSession })
}
