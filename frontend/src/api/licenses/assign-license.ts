import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AssignRequest, Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenseViews, licenseKeys } from './keys'

type License = Schemas['License']

/**
 * The license and its new owner's email (`name` is used only when the email creates a new
 * customer); `keep_activations` keeps the earlier owner's devices activated (the same person
 * under a new address), else they are deactivated with the reason `transferred`.
 * `transfer` only changes the toast ("transferred" instead of "assigned").
 */
export type AssignLicenseInput = { id: string; transfer?: boolean } & AssignRequest

/**
 * `POST /api/v1/admin/licenses/{id}/assign`: to the customer with this email (created when
 * new). A license owned by someone else is transferred (its expiry kept). Operator and up.
 */
export async function assignLicense({ id, transfer: _transfer, ...body }: AssignLicenseInput): Promise<License> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/assign', {
    params: { path: { id } },
    body,
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** Assigns (or transfers), toasts who has it now (unless `silent`), and refreshes every license view. */
export function useAssignLicense({ silent = false }: { silent?: boolean } = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: assignLicense,
    onSuccess: (license, { transfer }) => {
      if (!silent) {
        toast.success(
          transfer
            ? `License transferred to ${license.customer_email ?? 'the new owner'}`
            : `License assigned to ${license.customer_email ?? 'the customer'}`,
        )
      }
      queryClient.setQueryData(licenseKeys.detail(license.id), license)
      void invalidateLicenseViews(queryClient)
    },
  })
}
