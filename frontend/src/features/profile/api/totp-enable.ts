import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { Admin } from '../lib/types'
import { storeMe } from '@/api/me/get-me'

/** `POST /api/v1/admin/me/2fa/enable` with a code from the device just set up (422 on `code` when wrong). */
export async function enableTotp(code: string): Promise<Admin> {
  const { data, error, response } = await api.POST('/api/v1/admin/me/2fa/enable', { body: { code } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useEnableTotp() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: enableTotp,
    // The TOTP code must not linger in the mutation cache.
    gcTime: 0,
    onSuccess: (admin) => {
      storeMe(queryClient, admin)
      toast.success('Two-factor authentication is on. Sign-ins now ask for a code.')
    },
  })
}
