import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { licenseKeys } from './keys'
import type { License } from './types'

/** `GET /api/v1/admin/licenses/{id}`. */
export async function getLicense(id: string): Promise<License> {
  const { data, error, response } = await api.GET('/api/v1/admin/licenses/{id}', { params: { path: { id } } })
  if (!data) throw toApiError(error, response)
  return data
}

/** One license; `initial` (e.g. the list row) shows at once while the fresh copy loads. */
export function useLicense(id: string | null, initial?: License) {
  return useQuery({
    enabled: !!id,
    queryKey: licenseKeys.detail(id ?? ''),
    queryFn: () => getLicense(id ?? ''),
    initialData: initial && initial.id === id ? initial : undefined,
    initialDataUpdatedAt: 0,
  })
}
