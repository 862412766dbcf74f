import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { PRODUCT_OPTIONS_QUERY, productOptionsKey } from '@/lib/query-keys'

export type ProductOptionList = Schemas['ProductList']
export type ProductOption = ProductOptionList['data'][number]

/** `GET /api/v1/admin/products?per_page=100&sort=name` (and `search` when given): the product pickers' options. */
export async function listProductOptions(search = '', signal?: AbortSignal): Promise<ProductOptionList> {
  const term = search.trim()
  const { data, error, response } = await api.GET('/api/v1/admin/products', {
    params: { query: term ? { ...PRODUCT_OPTIONS_QUERY, search: term } : { ...PRODUCT_OPTIONS_QUERY } },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

/**
 * The products every picker and filter offers: the first 100 by name, active and inactive,
 * cached for a minute under one key shared by every feature. `search` (already debounced)
 * narrows it on the server when there are more than 100.
 */
export function useProductOptions({ search = '', enabled = true }: { search?: string; enabled?: boolean } = {}) {
  const term = search.trim()
  return useQuery({
    enabled,
    queryKey: productOptionsKey(term),
    queryFn: ({ signal }) => listProductOptions(term, signal),
    staleTime: 60_000,
  })
}

/** Whether the answer left products out (more than 100, or a search narrowed it). */
export function productOptionsTruncated(list: ProductOptionList | undefined): boolean {
  return !!list && list.meta.total > list.data.length
}
