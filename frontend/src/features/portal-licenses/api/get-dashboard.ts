import { useQuery } from '@tanstack/react-query'
import { portalApi } from '@/lib/portal-api-client'
import { toApiError } from '@/lib/problem'
import { portalKeys } from './keys'
import type { PortalDashboard } from './types'

/** `GET /api/v1/portal/dashboard`: licenses (all, active), activations in use, expiring within 30 days. */
export async function getPortalDashboard(signal?: AbortSignal): Promise<PortalDashboard> {
  const { data, error, response } = await portalApi.GET('/api/v1/portal/dashboard', { signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function usePortalDashboard() {
  return useQuery({ queryKey: portalKeys.dashboard, queryFn: ({ signal }) => getPortalDashboard(signal) })
}
