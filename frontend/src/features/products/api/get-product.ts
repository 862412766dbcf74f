import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { productKeys } from './keys'
import type { Product } from './types'

/** `GET /api/v1/admin/products/{id}`: the product with its license count and signing keys. */
export async function getProduct(id: string, signal?: AbortSignal): Promise<Product> {
  const { data, error, response } = await api.GET('/api/v1/admin/products/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useProduct(id: string) {
  return useQuery({
    queryKey: productKeys.detail(id),
    queryFn: ({ signal }) => getProduct(id, signal),
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 2,
  })
}
