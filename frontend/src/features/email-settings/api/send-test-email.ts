import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { TestEmailResult } from './types'

/**
 * `POST /api/v1/admin/settings/email/test` (super admins): sends a short message now
 * through the settings in effect. 502 `email_delivery_failed` carries the SMTP error in `detail`.
 */
export async function sendTestEmail(to: string): Promise<TestEmailResult> {
  const { data, error, response } = await api.POST('/api/v1/admin/settings/email/test', { body: { to: to.trim() } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useSendTestEmail() {
  return useMutation({ mutationFn: sendTestEmail })
}
