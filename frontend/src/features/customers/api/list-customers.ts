import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { CustomerList, CustomersQuery } from '../lib/types'
import { customerKeys } from './keys'

/** `GET /api/v1/admin/customers`: one page of customers (search, sort, paging on the server). */
export async function listCustomers(query: CustomersQuery, signal?: AbortSignal): Promise<CustomerList> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

/** The customer list for `query` (from `useListParams().query`); keeps the previous page while the next loads. */
export function useCustomers(query: CustomersQuery) {
  return useQuery({
    queryKey: customerKeys.list(query),
    queryFn: ({ signal }) => listCustomers(query, signal),
    placeholderData: keepPreviousData,
  })
}
