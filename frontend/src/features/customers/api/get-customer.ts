import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { ApiError, toApiError } from '@/lib/problem'
import type { CustomerDetail } from '../lib/types'
import { customerKeys } from './keys'

/** `GET /api/v1/admin/customers/{id}`: the profile with license and activation counts. */
export async function getCustomer(id: string, signal?: AbortSignal): Promise<CustomerDetail> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}', {
    params: { path: { id } },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: ({ signal }) => getCustomer(id, signal),
    // A missing customer stays missing: no retries for 404.
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  })
}
