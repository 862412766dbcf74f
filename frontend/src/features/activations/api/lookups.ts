import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { License } from './types'

// The `?license_id=` filter carries an id only; this fetches what a person recognises (the
// key) for its chip. Cached for a few minutes. (The customer chip uses `useCustomerLookup`.)
const LOOKUP_STALE_MS = 5 * 60_000

const licenseKey = (id: string) => ['admin', 'licenses', id, 'summary'] as const

/** `GET /api/v1/admin/licenses/{id}`. */
export async function getLicense(id: string, signal?: AbortSignal): Promise<License> {
  const { data, error, response } = await api.GET('/api/v1/admin/licenses/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

/** The license of the `?license_id=` filter chip. */
export function useLicenseLookup(id: string) {
  return useQuery({
    queryKey: licenseKey(id),
    queryFn: ({ signal }) => getLicense(id, signal),
    staleTime: LOOKUP_STALE_MS,
    retry: false,
  })
}
