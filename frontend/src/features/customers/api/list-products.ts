import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { Product } from '../lib/types'
import { customerKeys } from './keys'

export interface ProductChoices {
  products: Product[]
  total: number
}

/** `GET /api/v1/admin/products?status=active`: products a new license can be made of (first 100, by name). */
export async function listActiveProducts(search: string, signal?: AbortSignal): Promise<ProductChoices> {
  const query: { status: 'active'; per_page: number; sort: string; search?: string } = {
    status: 'active',
    per_page: 100,
    sort: 'name',
  }
  if (search.trim()) query.search = search.trim()
  const { data, error, response } = await api.GET('/api/v1/admin/products', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return { products: data.data, total: data.meta.total }
}

export function useActiveProducts(search: string, enabled = true) {
  return useQuery({
    queryKey: customerKeys.products(search.trim()),
    queryFn: ({ signal }) => listActiveProducts(search, signal),
    enabled,
    staleTime: 30_000,
  })
}
