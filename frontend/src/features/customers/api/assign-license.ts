import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AssignRequest } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { License } from '../lib/types'
import { invalidateLicenseViews } from './invalidate'

/**
 * The license and its new owner's email (`name` is used only when the email creates a new
 * customer); `keep_activations` keeps the earlier owner's devices activated (the same person
 * under a new address), else they are deactivated with the reason `transferred`.
 */
export type AssignLicenseInput = { id: string } & Pick<AssignRequest, 'email' | 'name' | 'keep_activations'>

/**
 * `POST /api/v1/admin/licenses/{id}/assign`: assign to, or transfer to, the customer with
 * this email (created when new). Operator and up.
 */
export async function assignLicense({ id, email, name, keep_activations }: AssignLicenseInput): Promise<License> {
  const body: AssignRequest = { email }
  if (name) body.name = name
  if (keep_activations !== undefined) body.keep_activations = keep_activations
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/{id}/assign', {
    params: { path: { id } },
    body,
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** Moves a license to another customer (Workflow 4: a changed email). */
export function useTransferLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: assignLicense,
    onSuccess: (license) => {
      toast.success(`License transferred to ${license.customer_email ?? 'the new owner'}`)
      invalidateLicenseViews(queryClient)
    },
  })
}
