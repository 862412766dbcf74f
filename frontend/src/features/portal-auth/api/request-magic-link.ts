import { useMutation } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'

/**
 * `POST /api/v1/portal/auth/magic-link`: mails a single-use sign-in link (15 minutes).
 * Always 202, whether or not the email has an account, so accounts cannot be discovered.
 */
export async function requestMagicLink(email: string): Promise<void> {
  const { error, response } = await portalApi.POST('/api/v1/portal/auth/magic-link', { body: { email } })
  if (!response.ok) throw toApiError(error, response)
}

export function useRequestMagicLink() {
  return useMutation({ mutationFn: requestMagicLink, gcTime: 0 })
}
