import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import { portalKeys } from './keys'
import type { PortalLicenseList } from './types'

export interface PortalLicensesQuery {
  page?: number
  per_page?: number
}

/** `GET /api/v1/portal/licenses`: the signed-in customer's licenses, each with why it is (not) valid. */
export async function listPortalLicenses(query: PortalLicensesQuery, signal?: AbortSignal): Promise<PortalLicenseList> {
  const { data, error, response } = await portalApi.GET('/api/v1/portal/licenses', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function usePortalLicenses(query: PortalLicensesQuery) {
  return useQuery({
    queryKey: portalKeys.licenses(query),
    queryFn: ({ signal }) => listPortalLicenses(query, signal),
    placeholderData: keepPreviousData,
  })
}
