import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { ReasonRequest } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { Activation } from '../lib/types'
import { invalidateLicenseViews } from './invalidate'

export interface DeactivateActivationInput {
  id: string
  /** Optional; kept with the activation as history. */
  reason?: ReasonRequest['reason']
}

/** `POST /api/v1/admin/activations/{id}/deactivate`: frees the slot at once. Operator and up. */
export async function deactivateActivation({ id, reason }: DeactivateActivationInput): Promise<Activation> {
  const { data, error, response } = await api.POST('/api/v1/admin/activations/{id}/deactivate', {
    params: { path: { id } },
    body: reason ? { reason } : {},
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useDeactivateActivation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deactivateActivation,
    onSuccess: (activation) => {
      toast.success(`Deactivated ${activation.name || activation.identifier}; the slot is free again`)
      invalidateLicenseViews(queryClient)
    },
  })
}
