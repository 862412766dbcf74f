import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenseViews, licenseKeys } from './keys'

type License = Schemas['License']

export interface RevokeLicenseInput {
  id: string
  /** Optional; blank sends none. */
  reason?: string | null
}

/** `POST /api/v1/admin/licenses/{id}/revoke`: terminal; its activations are deactivated. Admin and up. */
export async function revokeLicense({ id, reason }: RevokeLicenseInput): Promise<License> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/revoke', {
    params: { path: { id } },
    body: { reason: reason?.trim() || null },
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useRevokeLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeLicense,
    onSuccess: (license) => {
      toast.success('License revoked')
      queryClient.setQueryData(licenseKeys.detail(license.id), license)
      void invalidateLicenseViews(queryClient)
    },
  })
}
