import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenses, licenseKeys } from './keys'
import type { License } from './types'

/** `POST /api/v1/admin/licenses/{id}/unassign`: it becomes available; its activations are deactivated. */
export async function unassignLicense(id: string): Promise<License> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/unassign', { params: { path: { id } } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useUnassignLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => unassignLicense(id),
    onSuccess: (license) => {
      toast.success('License unassigned')
      queryClient.setQueryData(licenseKeys.detail(license.id), license)
      void invalidateLicenses(queryClient, { customers: true, activations: true })
    },
  })
}
