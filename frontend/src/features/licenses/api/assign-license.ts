import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenses, licenseKeys } from './keys'
import type { AssignRequest, License } from './types'

/**
 * `POST /api/v1/admin/licenses/{id}/assign`: to the customer with this email (created
 * when new). A license owned by someone else is transferred (its expiry kept).
 */
export async function assignLicense(id: string, body: AssignRequest): Promise<License> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/assign', {
    params: { path: { id } },
    body,
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useAssignLicense({ silent = false }: { silent?: boolean } = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body, transfer: _transfer }: { id: string; body: AssignRequest; transfer?: boolean }) => assignLicense(id, body),
    onSuccess: (license, { transfer }) => {
      if (!silent) toast.success(`License ${transfer ? 'transferred' : 'assigned'} to ${license.customer_email ?? 'the customer'}`)
      queryClient.setQueryData(licenseKeys.detail(license.id), license)
      void invalidateLicenses(queryClient, { customers: true })
    },
  })
}
