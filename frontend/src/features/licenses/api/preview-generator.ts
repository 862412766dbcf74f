import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { productKeys } from './keys'
import type { Preview } from './types'

/** `POST /api/v1/admin/products/{id}/generators/{gid}/preview`: sample keys, none stored or reserved. */
export async function previewGenerator(productId: string, generatorId: string, count: number): Promise<Preview> {
  const { data, error, response } = await api.POST('/api/v1/admin/products/{id}/generators/{gid}/preview', {
    params: { path: { id: productId, gid: generatorId } },
    body: { count },
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** Sample keys for the create dialog; `refetch()` draws new ones. */
export function useGeneratorPreview(productId: string | null, generatorId: string | null, count = 5) {
  return useQuery({
    enabled: !!productId && !!generatorId,
    queryKey: productKeys.preview(productId ?? '', generatorId ?? '', count),
    queryFn: () => previewGenerator(productId ?? '', generatorId ?? '', count),
    staleTime: Infinity,
    gcTime: 0,
  })
}
