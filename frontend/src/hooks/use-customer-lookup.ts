import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { CustomerDetail } from '@/lib/api/types'
import { ApiError, toApiError } from '@/lib/problem'
import { customerDetailKey } from '@/lib/query-keys'

/** `GET /api/v1/admin/customers/{id}`: the customer as the API answers (profile and counts). */
export async function getCustomerDetail(id: string, signal?: AbortSignal): Promise<CustomerDetail> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

/**
 * One customer by id, e.g. for a `?customer_id=` filter chip (lists carry ids; people
 * recognise emails). Shares its cache entry with the customer page (`customerDetailKey`),
 * so opening a chip after the page (or the other way round) costs no request. Disabled
 * without an id; a 4xx (a deleted customer) is not retried.
 */
export function useCustomerLookup(id: string | null | undefined) {
  return useQuery({
    enabled: !!id,
    queryKey: customerDetailKey(id ?? ''),
    queryFn: ({ signal }) => getCustomerDetail(id ?? '', signal),
    staleTime: 60_000,
    retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500),
  })
}
