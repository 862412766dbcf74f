import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { License } from '../lib/types'

/**
 * `POST /api/v1/admin/licenses/{id}/renew`: a new expiry (in the future), or null for
 * perpetual. The PATCH does not take `expires_at`, so the edit dialog changes it here. Admin and up.
 */
export async function renewLicense(id: string, expiresAt: string | null): Promise<License> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/renew', {
    params: { path: { id } },
    body: { expires_at: expiresAt },
  })
  if (!data) throw toApiError(error, response)
  return data
}
