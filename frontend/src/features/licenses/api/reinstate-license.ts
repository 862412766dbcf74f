import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenses, licenseKeys } from './keys'
import type { License } from './types'

/** `POST /api/v1/admin/licenses/{id}/reinstate`: a suspended license works again. */
export async function reinstateLicense(id: string): Promise<License> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/reinstate', { params: { path: { id } } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useReinstateLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => reinstateLicense(id),
    onSuccess: (license) => {
      toast.success('License reinstated')
      queryClient.setQueryData(licenseKeys.detail(license.id), license)
      void invalidateLicenses(queryClient, { customers: true })
    },
  })
}
