import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { ProductList } from './types'

const QUERY = { page: 1, per_page: 100, sort: 'name' } as const

/** `GET /api/v1/admin/products` (first 100 by name), for the product filter. */
export async function listProductOptions(signal?: AbortSignal): Promise<ProductList> {
  const { data, error, response } = await api.GET('/api/v1/admin/products', { params: { query: QUERY }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useProductOptions() {
  return useQuery({
    queryKey: ['admin', 'products', 'list', QUERY],
    queryFn: ({ signal }) => listProductOptions(signal),
    staleTime: 60_000,
  })
}
