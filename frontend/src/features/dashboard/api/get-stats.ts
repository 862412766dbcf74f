import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { statsKeys } from '@/lib/query-keys'
import type { Stats } from '../lib/types'

/** `GET /api/v1/admin/stats?days=N`: counts now and licensing traffic per UTC day. */
export async function getStats(days: number, signal?: AbortSignal): Promise<Stats> {
  const { data, error, response } = await api.GET('/api/v1/admin/stats', { params: { query: { days } }, signal })
  if (!data) throw toApiError(error, response)
  // A proxy or an older server answering something else must not break the page.
  if (typeof data.licenses !== 'object' || data.licenses === null || !Array.isArray(data.usage)) {
    throw new Error('The server answered with something other than dashboard statistics.')
  }
  return data
}

/** The dashboard's numbers; refreshed every minute while the page is open. */
export function useStats(days: number) {
  return useQuery({
    queryKey: statsKeys.days(days),
    queryFn: ({ signal }) => getStats(days, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  })
}
