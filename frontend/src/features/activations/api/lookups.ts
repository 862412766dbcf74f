import { useQueries, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { CustomerDetail, License } from './types'

// Activations carry ids only for their owner; these fetch what a person recognises
// (email, key). Cached for a few minutes, so a page of 25 rows costs at most a few calls.
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

export function useCustomerLookup(id: string | null | undefined) {
  return useQuery({
    enabled: !!id,
    queryKey: customerKey(id ?? ''),
    queryFn: ({ signal }) => getCustomer(id ?? '', signal),
    staleTime: LOOKUP_STALE_MS,
    retry: false,
  })
}

export function useLicenseLookup(id: string | null | undefined) {
  return useQuery({
    enabled: !!id,
    queryKey: licenseKey(id ?? ''),
    queryFn: ({ signal }) => getLicense(id ?? '', signal),
    staleTime: LOOKUP_STALE_MS,
    retry: false,
  })
}

export interface CustomerLabel {
  /** The email, or null while loading / when the customer is gone. */
  email: string | null
  name: string | null
  loading: boolean
  /** Erased (404) or unreadable. */
  missing: boolean
}

/** Emails of the customers on a page of activations, by customer id (each fetched once). */
export function useCustomerLabels(ids: readonly (string | null | undefined)[]): Map<string, CustomerLabel> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))]
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: customerKey(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => getCustomer(id, signal),
      staleTime: LOOKUP_STALE_MS,
      retry: false,
    })),
  })
  const labels = new Map<string, CustomerLabel>()
  unique.forEach((id, i) => {
    const r = results[i]
    labels.set(id, {
      email: r?.data?.email ?? null,
      name: r?.data?.name ?? null,
      loading: !!r?.isPending,
      missing: !!r?.isError,
    })
  })
  return labels
}
