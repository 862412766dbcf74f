import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { pluralize } from '@/lib/format'
import { toApiError } from '@/lib/problem'
import { statsKeys } from '@/lib/query-keys'
import { toast } from '@/lib/toast'
import type { CustomerErased } from '../lib/types'
import { activationsKey, customerKeys, licensesKey } from './keys'

export interface DeleteCustomerInput {
  id: string
  /** The customer's email, typed by the admin: the server checks it again. */
  confirm: string
}

/** `DELETE /api/v1/admin/customers/{id}`: GDPR erasure; the licenses become unassigned. Admin and up. */
export async function deleteCustomer({ id, confirm }: DeleteCustomerInput): Promise<CustomerErased> {
  const { data, error, response } = await api.DELETE('/api/v1/admin/customers/{id}', {
    params: { path: { id } },
    body: { confirm },
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useDeleteCustomer() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteCustomer,
    // The detail page is still mounted here; it drops the erased customer's queries after leaving.
    onSuccess: (erased) => {
      void queryClient.invalidateQueries({ queryKey: customerKeys.lists() })
      void queryClient.invalidateQueries({ queryKey: licensesKey })
      void queryClient.invalidateQueries({ queryKey: activationsKey })
      void queryClient.invalidateQueries({ queryKey: statsKeys.all })
      toast.success(
        `Customer deleted. ${pluralize(erased.licenses_unassigned, 'license')} unassigned, ` +
          `${pluralize(erased.activations_scrubbed, 'activation')} scrubbed.`,
      )
    },
  })
}
