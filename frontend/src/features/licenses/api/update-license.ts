import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { invalidateLicenses, licenseKeys } from './keys'
import type { License, UpdateLicenseRequest } from './types'

/** `PATCH /api/v1/admin/licenses/{id}`: activation limit, validity, notes, metadata. */
export async function updateLicense(id: string, body: UpdateLicenseRequest): Promise<License> {
  const { data, error, response } = await api.PATCH('/api/v1/admin/licenses/{id}', { params: { path: { id } }, body })
  if (!data) throw toApiError(error, response)
  return data
}

/** No toast here: the edit dialog may renew too, and says once what it saved. */
export function useUpdateLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateLicenseRequest }) => updateLicense(id, body),
    onSuccess: (license) => {
      queryClient.setQueryData(licenseKeys.detail(license.id), license)
      void invalidateLicenses(queryClient)
    },
  })
}
