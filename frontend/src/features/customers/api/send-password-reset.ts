import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { errorMessage, toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { EmailQueued } from '../lib/types'
import { customerKeys } from './keys'

/** `POST /api/v1/admin/customers/{id}/password-reset`: queues the reset mail. Operator and up. */
export async function sendPasswordReset(id: string): Promise<EmailQueued> {
  const { data, error, response } = await api.POST('/api/v1/admin/customers/{id}/password-reset', {
    params: { path: { id } },
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useSendPasswordReset() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: sendPasswordReset,
    onSuccess: (queued, id) => {
      toast.success(`Password reset email queued for ${queued.to}`)
      void queryClient.invalidateQueries({ queryKey: customerKeys.timeline(id) })
    },
    onError: (error) => toast.error(`Could not send the password reset: ${errorMessage(error)}`),
  })
}
