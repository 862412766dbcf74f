import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenses, licenseKeys } from './keys'
import type { License } from './types'

/** `POST /api/v1/admin/licenses/{id}/revoke` (terminal; its activations are deactivated). */
export async function revokeLicense(id: string, reason: string): Promise<License> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/revoke', {
    params: { path: { id } },
    body: { reason: reason.trim() || null },
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useRevokeLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => revokeLicense(id, reason),
    onSuccess: (license) => {
      toast.success('License revoked')
      queryClient.setQueryData(licenseKeys.detail(license.id), license)
      void invalidateLicenses(queryClient, { customers: true, activations: true })
    },
  })
}
