import { useProducts, type ProductList } from '@/api/products/list-products'
import { PRODUCT_OPTIONS_QUERY } from '@/lib/query-keys'

export type ProductOptionList = ProductList
export type ProductOption = ProductOptionList['data'][number]

/**
 * The products every picker and filter offers (`GET /api/v1/admin/products?per_page=100&sort=name`,
 * through the shared `useProducts`): the first 100 by name, active and inactive, cached for a
 * minute under one key shared by every feature. `search` (already debounced) narrows it on the
 * server when there are more than 100.
 */
export function useProductOptions({ search = '', enabled = true }: { search?: string; enabled?: boolean } = {}) {
  const term = search.trim()
  return useProducts(term ? { ...PRODUCT_OPTIONS_QUERY, search: term } : { ...PRODUCT_OPTIONS_QUERY }, {
    enabled,
    staleTime: 60_000,
    keepPrevious: false,
  })
}

/** Whether the answer left products out (more than 100, or a search narrowed it). */
export function productOptionsTruncated(list: ProductOptionList | undefined): boolean {
  return !!list && list.meta.total > list.data.length
}
