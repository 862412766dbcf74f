import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { ChangePasswordRequest } from '../lib/types'

/**
 * `POST /api/v1/admin/me/password`: needs the current password (422 on `current_password`
 * when wrong). Your other sessions end; this one stays signed in.
 */
export async function changePassword(input: ChangePasswordRequest): Promise<void> {
  const { error, response } = await api.POST('/api/v1/admin/me/password', { body: input })
  if (!response.ok) throw toApiError(error, response)
}

export function useChangePassword() {
  return useMutation({
    mutationFn: changePassword,
    // Both passwords are the variables: keep them out of the mutation cache.
    gcTime: 0,
    onSuccess: () => toast.success('Password changed. Your other sessions were signed out.'),
  })
}
