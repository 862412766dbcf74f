import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { errorMessage, toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { EmailQueued } from '../lib/types'
import { customerKeys } from './keys'

/** `POST /api/v1/admin/customers/{id}/invitation`: queues (again) the invitation mail. Operator and up. */
export async function sendInvitation(id: string): Promise<EmailQueued> {
  const { data, error, response } = await api.POST('/api/v1/admin/customers/{id}/invitation', {
    params: { path: { id } },
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useSendInvitation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: sendInvitation,
    onSuccess: (queued, id) => {
      toast.success(`Invitation email queued for ${queued.to}`)
      void queryClient.invalidateQueries({ queryKey: customerKeys.timeline(id) })
    },
    onError: (error) => toast.error(`Could not send the invitation: ${errorMessage(error)}`),
  })
}
