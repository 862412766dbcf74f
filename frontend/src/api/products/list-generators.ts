import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { paths } from '@/lib/api/schema'
import type { Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'

export type GeneratorListQuery = NonNullable<paths['/api/v1/admin/products/{id}/generators']['get']['parameters']['query']>
type GeneratorList = Schemas['GeneratorList']

/** Every generators query of a product starts with this (invalidate it after a generator changed). */
export const productGeneratorsKey = (productId: string) => ['admin', 'products', productId, 'generators'] as const

/** `GET /api/v1/admin/products/{id}/generators`: oldest first. */
export async function listGenerators(productId: string, query: GeneratorListQuery, signal?: AbortSignal): Promise<GeneratorList> {
  const { data, error, response } = await api.GET('/api/v1/admin/products/{id}/generators', {
    params: { path: { id: productId }, query },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

/**
 * One page of a product's generators (disabled without a product). While the next page of the
 * same product loads, the previous one stays on screen; another product's never does.
 */
export function useGenerators(
  productId: string | null,
  query: GeneratorListQuery,
  { enabled = true, staleTime }: { enabled?: boolean; staleTime?: number } = {},
) {
  return useQuery({
    enabled: enabled && !!productId,
    queryKey: [...productGeneratorsKey(productId ?? ''), query] as const,
    queryFn: ({ signal }) => listGenerators(productId ?? '', query, signal),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === productId ? previous : undefined),
    ...(staleTime !== undefined ? { staleTime } : {}),
  })
}
