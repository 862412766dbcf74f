import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { PreviewRequest, Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'

type Preview = Schemas['Preview']

/** `POST /api/v1/admin/products/{id}/generators/{gid}/preview`: sample keys; nothing is stored or reserved. */
export async function previewGenerator(
  productId: string,
  generatorId: string,
  count: NonNullable<PreviewRequest['count']> = 5,
  signal?: AbortSignal,
): Promise<Preview> {
  const { data, error, response } = await api.POST('/api/v1/admin/products/{id}/generators/{gid}/preview', {
    params: { path: { id: productId, gid: generatorId } },
    body: { count },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

/**
 * Sample keys of a generator (1 to 20; default 5), drawn when the hook mounts; `refetch()`
 * draws new ones. Forgotten as soon as nobody shows them (every draw is new).
 */
export function useGeneratorPreview(productId: string | null, generatorId: string | null, count = 5) {
  return useQuery({
    enabled: !!productId && !!generatorId,
    queryKey: ['admin', 'products', productId ?? '', 'generators', generatorId ?? '', 'preview', count] as const,
    queryFn: ({ signal }) => previewGenerator(productId ?? '', generatorId ?? '', count, signal),
    staleTime: Infinity,
    gcTime: 0,
  })
}
