import { useMutation, useQueryClient } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import type { PortalMe } from '@/lib/portal-session'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { storePortalMe } from './store-me'

/** `POST /api/v1/portal/me/2fa/enable` with a code from the app just set up (422 on `code` when wrong). */
export async function enablePortalTotp(code: string): Promise<PortalMe> {
  const { data, error, response } = await portalApi.POST('/api/v1/portal/me/2fa/enable', { body: { code } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useEnablePortalTotp() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: enablePortalTotp,
    // The code must not linger in the mutation cache.
    gcTime: 0,
    onSuccess: (me) => {
      storePortalMe(queryClient, me)
      toast.success('Two-factor authentication is on. Sign-ins now ask for a code.')
    },
  })
}
