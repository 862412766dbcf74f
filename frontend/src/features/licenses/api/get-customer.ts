import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { ApiError, toApiError } from '@/lib/problem'
import { customerKeys } from './keys'
import type { CustomerDetail } from './types'

/** `GET /api/v1/admin/customers/{id}`: for the customer filter chip (their email). */
export async function getCustomer(id: string): Promise<CustomerDetail> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}', { params: { path: { id } } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useCustomer(id: string | null | undefined) {
  return useQuery({
    enabled: !!id,
    queryKey: customerKeys.detail(id ?? ''),
    queryFn: () => getCustomer(id ?? ''),
    staleTime: 60_000,
    // A missing customer stays missing: no retries for 4xx.
    retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500),
  })
}
