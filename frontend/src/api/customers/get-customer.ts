import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { CustomerDetail } from '@/lib/api/types'
import { ApiError, toApiError } from '@/lib/problem'
import { customerDetailKey } from '@/lib/query-keys'

/** `GET /api/v1/admin/customers/{id}`: the profile with license and activation counts. */
export async function getCustomer(id: string, signal?: AbortSignal): Promise<CustomerDetail> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

/**
 * One customer by id: the customer page, or a `?customer_id=` filter chip (lists carry ids;
 * people recognise emails; chips pass a `staleTime`). One cache entry (`customerDetailKey`)
 * for both, so opening a chip after the page (or the other way round) costs no request.
 * Disabled without an id; a missing customer (4xx) is not retried.
 */
export function useCustomer(id: string | null | undefined, { staleTime }: { staleTime?: number } = {}) {
  return useQuery({
    enabled: !!id,
    queryKey: customerDetailKey(id ?? ''),
    queryFn: ({ signal }) => getCustomer(id ?? '', signal),
    retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500),
    ...(staleTime !== undefined ? { staleTime } : {}),
  })
}
