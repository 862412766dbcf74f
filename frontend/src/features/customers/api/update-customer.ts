import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { CustomerDetail, UpdateCustomerRequest } from '../lib/types'
import { customerKeys } from './keys'

export interface UpdateCustomerInput {
  id: string
  changes: Pick<UpdateCustomerRequest, 'name' | 'status'>
}

/** `PATCH /api/v1/admin/customers/{id}`: the name (empty clears it) and the status. Admin and up. */
export async function updateCustomer({ id, changes }: UpdateCustomerInput): Promise<CustomerDetail> {
  const { data, error, response } = await api.PATCH('/api/v1/admin/customers/{id}', {
    params: { path: { id } },
    body: changes,
  })
  if (!data) throw toApiError(error, response)
  return data
}

/**
 * Updates a customer, stores the answer as the detail and refreshes the lists. Errors are
 * left to the caller (shown on the field or in the dialog).
 */
export function useUpdateCustomer() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateCustomer,
    onSuccess: (customer, { changes }) => {
      queryClient.setQueryData(customerKeys.detail(customer.id), customer)
      void queryClient.invalidateQueries({ queryKey: customerKeys.all })
      if (changes.status !== undefined) toast.success(`Customer status set to ${customer.status}`)
      else toast.success(customer.name ? 'Name updated' : 'Name cleared')
    },
  })
}
