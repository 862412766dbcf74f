import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { invalidateLicenseViews, licenseKeys } from './keys'

type License = Schemas['License']
export type UpdateLicenseRequest = Schemas['UpdateLicenseRequest']

/** `PATCH /api/v1/admin/licenses/{id}`: activation limit (null = unlimited), notes, metadata. Admin and up. */
export async function updateLicense(id: string, body: UpdateLicenseRequest): Promise<License> {
  const { data, error, response } = await api.PATCH('/api/v1/admin/licenses/{id}', { params: { path: { id } }, body })
  if (!data) throw toApiError(error, response)
  return data
}

/** No toast here: the edit dialogs may renew too, and say once what they saved. */
export function useUpdateLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateLicenseRequest }) => updateLicense(id, body),
    onSuccess: (license) => queryClient.setQueryData(licenseKeys.detail(license.id), license),
    // Part of an edit may have been saved before an error: refresh either way.
    onSettled: () => invalidateLicenseViews(queryClient),
  })
}
