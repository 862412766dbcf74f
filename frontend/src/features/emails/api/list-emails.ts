import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { EmailDeliveryList, EmailListQuery } from './types'

export const emailKeys = {
  all: ['admin', 'emails'] as const,
  list: (query: EmailListQuery) => ['admin', 'emails', 'list', query] as const,
}

/** While a mail on the page is still on its way, the list refreshes itself this often. */
const IN_FLIGHT_REFRESH_MS = 10_000

/** `GET /api/v1/admin/emails` (admins and up): the outbox, newest first. */
export async function listEmails(query: EmailListQuery, signal?: AbortSignal): Promise<EmailDeliveryList> {
  const { data, error, response } = await api.GET('/api/v1/admin/emails', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useEmails(query: EmailListQuery) {
  return useQuery({
    queryKey: emailKeys.list(query),
    queryFn: ({ signal }) => listEmails(query, signal),
    placeholderData: keepPreviousData,
    // The worker delivers in the background: follow pending and sending mails to their outcome.
    refetchInterval: (q) =>
      q.state.data?.data.some((m) => m.status === 'pending' || m.status === 'sending') ? IN_FLIGHT_REFRESH_MS : false,
  })
}
