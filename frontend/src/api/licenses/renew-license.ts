import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Schemas } from '@/lib/api/types'
import { formatDate } from '@/lib/dates'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenseViews, licenseKeys } from './keys'

type License = Schemas['License']

/**
 * `POST /api/v1/admin/licenses/{id}/renew`: a new expiry (in the future), or null for
 * perpetual. The PATCH does not take `expires_at`, so the edit dialogs change it here. Admin and up.
 */
export async function renewLicense(id: string, expiresAt: string | null): Promise<License> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/renew', {
    params: { path: { id } },
    body: { expires_at: expiresAt },
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** Renews and toasts the new expiry (unless `silent`: an edit dialog that says once what it saved). */
export function useRenewLicense({ silent = false }: { silent?: boolean } = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, expiresAt }: { id: string; expiresAt: string | null }) => renewLicense(id, expiresAt),
    onSuccess: (license) => {
      if (!silent) {
        toast.success(license.expires_at ? `License renewed until ${formatDate(license.expires_at)}` : 'License is now perpetual')
      }
      queryClient.setQueryData(licenseKeys.detail(license.id), license)
    },
    onSettled: () => invalidateLicenseViews(queryClient),
  })
}
