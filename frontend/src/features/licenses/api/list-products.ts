import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { productKeys } from './keys'
import type { ProductList } from './types'

/** The largest page the API gives: the product pickers list this many, by name. */
export const PRODUCT_PICKER_QUERY = { per_page: 100, sort: 'name' } as const

/** `GET /api/v1/admin/products` (first 100 by name) for the product filter and pickers. */
export async function listProducts(): Promise<ProductList> {
  const { data, error, response } = await api.GET('/api/v1/admin/products', {
    params: { query: { ...PRODUCT_PICKER_QUERY } },
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useProducts() {
  return useQuery({
    queryKey: productKeys.list({ ...PRODUCT_PICKER_QUERY }),
    queryFn: listProducts,
    staleTime: 60_000,
  })
}
