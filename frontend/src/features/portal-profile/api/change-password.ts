import { useMutation } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'

export interface ChangePortalPasswordInput {
  current_password: string
  new_password: string
}

/**
 * `POST /api/v1/portal/me/password` → 204. 422 on `current_password` ("is incorrect") or
 * `new_password` (the server's rules). The other sessions end; this one stays.
 */
export async function changePortalPassword(input: ChangePortalPasswordInput): Promise<void> {
  const { error, response } = await portalApi.POST('/api/v1/portal/me/password', { body: input })
  if (!response.ok) throw toApiError(error, response)
}

export function useChangePortalPassword() {
  return useMutation({
    mutationFn: changePortalPassword,
    // Both passwords are the variables: keep them out of the mutation cache.
    gcTime: 0,
    onSuccess: () => toast.success('Password changed. Your other sessions were signed out.'),
  })
}
