import { useMutation, useQueryClient } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { portalKeys } from './keys'
import type { PortalActivation } from './types'

export interface DeactivateInput {
  id: string
  reason?: string
}

/**
 * `POST /api/v1/portal/activations/{id}/deactivate`: frees the slot at once (409 when it is
 * already inactive, 403 in a read-only "View as customer" session).
 */
export async function deactivatePortalActivation({ id, reason }: DeactivateInput): Promise<PortalActivation> {
  const { data, error, response } = await portalApi.POST('/api/v1/portal/activations/{id}/deactivate', {
    params: { path: { id } },
    body: reason ? { reason } : {},
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useDeactivatePortalActivation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deactivatePortalActivation,
    onSuccess: (activation) => {
      toast.success(`${activation.name || activation.identifier} deactivated: its slot is free`)
      // Slot counts, the dashboard and every list change together.
      return queryClient.invalidateQueries({ queryKey: portalKeys.all })
    },
  })
}
