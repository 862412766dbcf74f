import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { PublicKeySet } from './types'

/** The public URL of the server's own keys (no authentication). */
export const SERVER_PUBLIC_KEYS_PATH = '/api/v1/licensing/public-keys'

export const serverKeyKeys = {
  all: ['admin', 'server-key'] as const,
  publicKeys: ['admin', 'server-key', 'public-keys'] as const,
}

/**
 * `GET /api/v1/licensing/public-keys`: the keys that sign the server's answers about unknown
 * keys and other products' keys (`NOT_FOUND`, `PRODUCT_MISMATCH`), oldest first.
 */
export async function getServerPublicKeys(signal?: AbortSignal): Promise<PublicKeySet> {
  const { data, error, response } = await api.GET('/api/v1/licensing/public-keys', { signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useServerPublicKeys(enabled = true) {
  return useQuery({
    enabled,
    queryKey: serverKeyKeys.publicKeys,
    queryFn: ({ signal }) => getServerPublicKeys(signal),
  })
}
