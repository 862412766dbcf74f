import { useMutation, useQueryClient } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import type { PortalMe } from '@/lib/portal-session'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { storePortalMe } from './store-me'

/** `PATCH /api/v1/portal/me`: the name only (empty clears it; 422 on `name` over 200 characters). */
export async function updatePortalName(name: string): Promise<PortalMe> {
  const { data, error, response } = await portalApi.PATCH('/api/v1/portal/me', { body: { name: name || null } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useUpdatePortalName() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updatePortalName,
    onSuccess: (me) => {
      storePortalMe(queryClient, me)
      toast.success('Name saved')
    },
  })
}
