import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { productKeys } from './keys'
import type { PublicKeySet } from './types'

/** The public URL the vendor's software reads the keys from (no authentication). */
export function publicKeysPath(productId: string): string {
  return `/api/v1/licensing/products/${encodeURIComponent(productId)}/public-keys`
}

/** `GET /api/v1/licensing/products/{id}/public-keys`: what is published for this product, oldest first. */
export async function getPublicKeys(id: string, signal?: AbortSignal): Promise<PublicKeySet> {
  const { data, error, response } = await api.GET('/api/v1/licensing/products/{id}/public-keys', {
    params: { path: { id } },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function usePublicKeys(id: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: productKeys.publicKeys(id),
    queryFn: ({ signal }) => getPublicKeys(id, signal),
  })
}
