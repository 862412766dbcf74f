import { useInfiniteQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { AuditEventList } from '../lib/types'
import { customerKeys } from './keys'

export const TIMELINE_PER_PAGE = 20

/** `GET /api/v1/admin/customers/{id}/timeline`: the customer's audit trail, newest first. */
export async function getCustomerTimeline(id: string, page: number, signal?: AbortSignal): Promise<AuditEventList> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}/timeline', {
    params: { path: { id }, query: { page, per_page: TIMELINE_PER_PAGE } },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** The timeline, a page at a time ("Load more"). */
export function useCustomerTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: customerKeys.timeline(id),
    queryFn: ({ pageParam, signal }) => getCustomerTimeline(id, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.meta.page < last.meta.total_pages ? last.meta.page + 1 : undefined),
  })
}
