import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { CustomerList } from './types'

/** How many matches the customer picker offers. */
export const CUSTOMER_PICKER_SIZE = 8

/** `GET /api/v1/admin/customers?search=…&per_page=8`: the customer filter's suggestions. */
export async function searchCustomers(search: string, signal?: AbortSignal): Promise<CustomerList> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers', {
    params: { query: { search, per_page: CUSTOMER_PICKER_SIZE } },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** Suggestions for `search` (already debounced and trimmed); nothing is fetched while it is empty. */
export function useCustomerSearch(search: string) {
  return useQuery({
    enabled: search !== '',
    queryKey: ['admin', 'customers', 'list', { search, per_page: CUSTOMER_PICKER_SIZE }],
    queryFn: ({ signal }) => searchCustomers(search, signal),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  })
}
