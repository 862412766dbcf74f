import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { productKeys } from './keys'
import type { GeneratorList } from './types'

export const GENERATORS_PER_PAGE = 50

/** `GET /api/v1/admin/products/{id}/generators`: oldest first. */
export async function listGenerators(productId: string, page: number, signal?: AbortSignal): Promise<GeneratorList> {
  const { data, error, response } = await api.GET('/api/v1/admin/products/{id}/generators', {
    params: { path: { id: productId }, query: { page, per_page: GENERATORS_PER_PAGE } },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useGenerators(productId: string, page: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: productKeys.generators(productId, page),
    queryFn: ({ signal }) => listGenerators(productId, page, signal),
    placeholderData: keepPreviousData,
  })
}
