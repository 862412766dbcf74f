import { useMutation, useQueryClient } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import type { PortalMe } from '@/lib/portal-session'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { storePortalMe } from './store-me'

/** `POST /api/v1/portal/me/2fa/disable` with a current code (422 on `code` when wrong). */
export async function disablePortalTotp(code: string): Promise<PortalMe> {
  const { data, error, response } = await portalApi.POST('/api/v1/portal/me/2fa/disable', { body: { code } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useDisablePortalTotp() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: disablePortalTotp,
    gcTime: 0,
    onSuccess: (me) => {
      storePortalMe(queryClient, me)
      toast.success('Two-factor authentication is off.')
    },
  })
}
