import { useQuery } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import { portalKeys } from './keys'
import type { PortalLicense } from './types'

/** `GET /api/v1/portal/licenses/{id}` (404 for a license that is not the customer's). */
export async function getPortalLicense(id: string, signal?: AbortSignal): Promise<PortalLicense> {
  const { data, error, response } = await portalApi.GET('/api/v1/portal/licenses/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function usePortalLicense(id: string) {
  return useQuery({ queryKey: portalKeys.license(id), queryFn: ({ signal }) => getPortalLicense(id, signal) })
}
