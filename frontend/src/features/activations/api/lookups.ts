import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { CustomerDetail, License } from './types'

// The `?license_id=` and `?customer_id=` filters carry ids only; these fetch what a person
// recognises (the key, the email) for their chips. Cached for a few minutes.
const LOOKUP_STALE_MS = 5 * 60_000

const customerKey = (id: string) => ['admin', 'customers', id, 'summary'] as const
const licenseKey = (id: string) => ['admin', 'licenses', id, 'summary'] as const

/** `GET /api/v1/admin/customers/{id}`. */
export async function getCustomer(id: string, signal?: AbortSignal): Promise<CustomerDetail> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

/** `GET /api/v1/admin/licenses/{id}`. */
export async function getLicense(id: string, signal?: AbortSignal): Promise<License> {
  const { data, error, response } = await api.GET('/api/v1/admin/licenses/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

/** The customer of the `?customer_id=` filter chip. */
export function useCustomerLookup(id: string) {
  return useQuery({
    queryKey: customerKey(id),
    queryFn: ({ signal }) => getCustomer(id, signal),
    staleTime: LOOKUP_STALE_MS,
    retry: false,
  })
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
