import { useMutation } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'

/** `POST /api/v1/portal/auth/password-reset`: mails a reset link; always 202 (no enumeration). */
export async function requestPasswordReset(email: string): Promise<void> {
  const { error, response } = await portalApi.POST('/api/v1/portal/auth/password-reset', { body: { email } })
  if (!response.ok) throw toApiError(error, response)
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset, gcTime: 0 })
}
