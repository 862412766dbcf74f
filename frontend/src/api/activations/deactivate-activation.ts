import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { ReasonRequest, Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { statsKeys } from '@/lib/query-keys'
import { toast } from '@/lib/toast'
import { activationKeys } from './keys'

type Activation = Schemas['Activation']

export interface DeactivateActivationInput {
  id: string
  /** Kept with the activation as history; blank or absent sends none. */
  reason?: ReasonRequest['reason']
}

/**
 * `POST /api/v1/admin/activations/{id}/deactivate` (operator and up). Frees the slot at
 * once; 409 `invalid_transition` when the activation is already inactive.
 */
export async function deactivateActivation({ id, reason }: DeactivateActivationInput): Promise<Activation> {
  const { data, error, response } = await api.POST('/api/v1/admin/activations/{id}/deactivate', {
    params: { path: { id } },
    body: { reason: reason?.trim() || null },
  })
  if (!data) throw toApiError(error, response)
  return data
}

/**
 * Deactivates, toasts, and refreshes every view that counts activations: the activations and
 * licenses pages, every customer view, the audit log and the dashboard. Errors stay on the
 * mutation (shown in the dialog).
 */
export function useDeactivateActivation() {
  const queryClient = useQueryClient()
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: activationKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'licenses'] }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'customers'] }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'audit-events'] }),
      queryClient.invalidateQueries({ queryKey: statsKeys.all }),
    ])
  return useMutation({
    mutationFn: deactivateActivation,
    onSuccess: (activation) => {
      queryClient.setQueryData(activationKeys.detail(activation.id), activation)
      toast.success(`Deactivated ${activation.name || activation.identifier}; the slot is free`)
      void refresh()
    },
    onError: () => {
      // Already inactive (409) or gone: whatever the lists show is out of date.
      void queryClient.invalidateQueries({ queryKey: activationKeys.all })
    },
  })
}
