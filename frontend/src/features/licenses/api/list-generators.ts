import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { productKeys } from './keys'
import type { GeneratorList } from './types'

/** `GET /api/v1/admin/products/{id}/generators` (oldest first). */
export async function listGenerators(productId: string): Promise<GeneratorList> {
  const { data, error, response } = await api.GET('/api/v1/admin/products/{id}/generators', {
    params: { path: { id: productId }, query: { per_page: 100 } },
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useGenerators(productId: string | null) {
  return useQuery({
    enabled: !!productId,
    queryKey: productKeys.generators(productId ?? ''),
    queryFn: () => listGenerators(productId ?? ''),
    staleTime: 60_000,
  })
}
