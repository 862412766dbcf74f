import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { AuditEventList, AuditQuery } from './types'

export const auditKeys = {
  all: ['admin', 'audit-events'] as const,
  list: (query: AuditQuery) => ['admin', 'audit-events', 'list', query] as const,
}

/** `GET /api/v1/admin/audit-events` (admins and up): a page of the trail, newest first by default. */
export async function listAuditEvents(query: AuditQuery, signal?: AbortSignal): Promise<AuditEventList> {
  const { data, error, response } = await api.GET('/api/v1/admin/audit-events', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useAuditEvents(query: AuditQuery, enabled = true) {
  return useQuery({
    enabled,
    queryKey: auditKeys.list(query),
    queryFn: ({ signal }) => listAuditEvents(query, signal),
    placeholderData: keepPreviousData,
  })
}
