import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { ActivationList, CustomerActivationsQuery } from '../lib/types'
import { customerKeys } from './keys'

export const ACTIVATIONS_PER_PAGE = 25

/** `GET /api/v1/admin/customers/{id}/activations`: the devices and domains of the customer's licenses. */
export async function getCustomerActivations(
  id: string,
  query: CustomerActivationsQuery,
  signal?: AbortSignal,
): Promise<ActivationList> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}/activations', {
    params: { path: { id }, query },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useCustomerActivations(id: string, query: CustomerActivationsQuery) {
  return useQuery({
    queryKey: customerKeys.activations(id, query),
    queryFn: ({ signal }) => getCustomerActivations(id, query, signal),
    placeholderData: keepPreviousData,
  })
}
