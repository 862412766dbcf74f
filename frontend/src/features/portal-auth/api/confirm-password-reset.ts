import { useMutation } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'

export interface ConfirmPasswordResetInput {
  token: string
  password: string
}

/**
 * `POST /api/v1/portal/auth/password-reset/confirm` → 204. Every session of the customer
 * ends, so the next step is the login page. 422 names `password`; `invalid_link` when the
 * link expired or was used.
 */
export async function confirmPasswordReset(input: ConfirmPasswordResetInput): Promise<void> {
  const { error, response } = await portalApi.POST('/api/v1/portal/auth/password-reset/confirm', { body: input })
  if (!response.ok) throw toApiError(error, response)
}

export function useConfirmPasswordReset() {
  return useMutation({ mutationFn: confirmPasswordReset, gcTime: 0 })
}
