import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import { portalKeys } from './keys'
import type { PortalActivationList } from './types'

export interface PortalActivationsQuery {
  license_id?: string
  status?: 'active' | 'inactive'
  page?: number
  per_page?: number
}

/** `GET /api/v1/portal/activations`: the devices and domains on the customer's licenses, newest first. */
export async function listPortalActivations(query: PortalActivationsQuery, signal?: AbortSignal): Promise<PortalActivationList> {
  const { data, error, response } = await portalApi.GET('/api/v1/portal/activations', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function usePortalActivations(query: PortalActivationsQuery) {
  return useQuery({
    queryKey: portalKeys.activations(query),
    queryFn: ({ signal }) => listPortalActivations(query, signal),
    placeholderData: keepPreviousData,
  })
}
