import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { CustomerDetail } from './types'

/** `GET /api/v1/admin/customers/{id}`: for the customer filter's chip (the trail keeps ids only). */
export async function getCustomer(id: string, signal?: AbortSignal): Promise<CustomerDetail> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useCustomerLookup(id: string | null | undefined) {
  return useQuery({
    enabled: !!id,
    queryKey: ['admin', 'customers', id ?? '', 'summary'],
    queryFn: ({ signal }) => getCustomer(id ?? '', signal),
    staleTime: 5 * 60_000,
    retry: false,
  })
}
