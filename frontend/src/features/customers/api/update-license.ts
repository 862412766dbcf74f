import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { License, UpdateLicenseRequest } from '../lib/types'

export type UpdateLicenseChanges = Pick<UpdateLicenseRequest, 'max_activations' | 'notes'>

/** `PATCH /api/v1/admin/licenses/{id}`: activation limit and notes (null limit = unlimited). Admin and up. */
export async function updateLicense(id: string, changes: UpdateLicenseChanges): Promise<License> {
  const { data, error, response } = await api.PATCH('/api/v1/admin/licenses/{id}', {
    params: { path: { id } },
    body: changes,
  })
  if (!data) throw toApiError(error, response)
  return data
}
