import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { productKeys } from './keys'
import type { ProductList, ProductListQuery } from './types'

/** `GET /api/v1/admin/products`. */
export async function listProducts(query: ProductListQuery, signal?: AbortSignal): Promise<ProductList> {
  const { data, error, response } = await api.GET('/api/v1/admin/products', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useProducts(query: ProductListQuery) {
  return useQuery({
    queryKey: productKeys.list(query),
    queryFn: ({ signal }) => listProducts(query, signal),
    placeholderData: keepPreviousData,
  })
}
