import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { ReasonRequest } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { License } from '../lib/types'
import { invalidateLicenseViews } from './invalidate'

export interface RevokeLicenseInput {
  id: string
  reason?: ReasonRequest['reason']
}

/** `POST /api/v1/admin/licenses/{id}/revoke`: terminal; its activations are deactivated. Admin and up. */
export async function revokeLicense({ id, reason }: RevokeLicenseInput): Promise<License> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/revoke', {
    params: { path: { id } },
    body: reason ? { reason } : {},
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useRevokeLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeLicense,
    onSuccess: () => {
      toast.success('License revoked')
      invalidateLicenseViews(queryClient)
    },
  })
}
