import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { PreviewRequest } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import type { Preview } from './types'

export interface PreviewInput {
  productId: string
  id: string
  /** 1 to 20; default 5. */
  count?: NonNullable<PreviewRequest['count']>
}

/** `POST /api/v1/admin/products/{id}/generators/{gid}/preview`: sample keys; nothing is stored or reserved. */
export async function previewGenerator({ productId, id, count = 5 }: PreviewInput): Promise<Preview> {
  const { data, error, response } = await api.POST('/api/v1/admin/products/{id}/generators/{gid}/preview', {
    params: { path: { id: productId, gid: id } },
    body: { count },
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** A mutation, since every call draws new random keys (nothing to cache). */
export function usePreviewGenerator() {
  return useMutation({ mutationFn: previewGenerator })
}
