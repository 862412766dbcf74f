import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Schemas } from '@/lib/api/types'
import { toApiError } from '@/lib/problem'
import { licenseKeys } from './keys'

type License = Schemas['License']

/** `GET /api/v1/admin/licenses/{id}`. */
export async function getLicense(id: string, signal?: AbortSignal): Promise<License> {
  const { data, error, response } = await api.GET('/api/v1/admin/licenses/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export interface UseLicenseOptions {
  /** E.g. the list row: shown at once while the fresh copy loads. */
  initial?: License
  /** E.g. a filter chip that only needs the key: a few minutes. */
  staleTime?: number
  /** `false` for a lookup that should give up at once. */
  retry?: false
}

/** One license (disabled without an id); one cache entry per license, whichever page reads it. */
export function useLicense(id: string | null | undefined, { initial, staleTime, retry }: UseLicenseOptions = {}) {
  return useQuery({
    enabled: !!id,
    queryKey: licenseKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getLicense(id ?? '', signal),
    initialData: initial && initial.id === id ? initial : undefined,
    initialDataUpdatedAt: 0,
    ...(staleTime !== undefined ? { staleTime } : {}),
    ...(retry !== undefined ? { retry } : {}),
  })
}
