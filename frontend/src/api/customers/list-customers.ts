import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { paths } from '@/lib/api/schema'
import type { Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'

export type CustomersQuery = NonNullable<paths['/api/v1/admin/customers']['get']['parameters']['query']>
type CustomerList = Schemas['CustomerList']

/** `['admin', 'customers', 'list', query]`: under `['admin', 'customers']`, so every customer change refreshes it. */
export const customersListKey = (query: CustomersQuery) => ['admin', 'customers', 'list', query] as const

/** `GET /api/v1/admin/customers`: one page of customers (search, sort, paging on the server). */
export async function listCustomers(query: CustomersQuery, signal?: AbortSignal): Promise<CustomerList> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

/**
 * The customers for `query` (the list page's `useListParams().query`, or a picker's search);
 * keeps the previous answer while the next loads. `enabled: false` fetches nothing.
 */
export function useCustomers(query: CustomersQuery, { enabled = true, staleTime }: { enabled?: boolean; staleTime?: number } = {}) {
  return useQuery({
    enabled,
    queryKey: customersListKey(query),
    queryFn: ({ signal }) => listCustomers(query, signal),
    placeholderData: keepPreviousData,
    ...(staleTime !== undefined ? { staleTime } : {}),
  })
}
