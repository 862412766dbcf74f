import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { paths } from '@/lib/api/schema'
import type { Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'

export type ProductListQuery = NonNullable<paths['/api/v1/admin/products']['get']['parameters']['query']>
export type ProductList = Schemas['ProductList']

/** `['admin', 'products', 'list', query]`: under `['admin', 'products']`, so every product change refreshes it. */
export const productListKey = (query: ProductListQuery) => ['admin', 'products', 'list', query] as const

/** `GET /api/v1/admin/products`. */
export async function listProducts(query: ProductListQuery, signal?: AbortSignal): Promise<ProductList> {
  const { data, error, response } = await api.GET('/api/v1/admin/products', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export interface UseProductsOptions {
  enabled?: boolean
  staleTime?: number
  /** Keep the previous page on screen while the next loads (the list page); default true. */
  keepPrevious?: boolean
}

/** The products for `query`: the products page, or the pickers (`useProductOptions`). */
export function useProducts(query: ProductListQuery, { enabled = true, staleTime, keepPrevious = true }: UseProductsOptions = {}) {
  return useQuery({
    enabled,
    queryKey: productListKey(query),
    queryFn: ({ signal }) => listProducts(query, signal),
    ...(keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(staleTime !== undefined ? { staleTime } : {}),
  })
}
