import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { SEARCH_LIMIT, shouldSearch } from '../lib/palette'
import type { SearchResults } from '../lib/types'

export const searchKeys = {
  all: ['admin', 'search'] as const,
  query: (q: string) => ['admin', 'search', q] as const,
}

/** `GET /api/v1/admin/search?q=&limit=5`: customers by name or email, licenses by key prefix or owner email. */
export async function quickSearch(q: string, signal?: AbortSignal): Promise<SearchResults> {
  const { data, error, response } = await api.GET('/api/v1/admin/search', {
    params: { query: { q, limit: SEARCH_LIMIT } },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** Results for `q` (already debounced); idle below two characters. */
export function useQuickSearch(q: string) {
  const term = q.trim()
  return useQuery({
    queryKey: searchKeys.query(term),
    queryFn: ({ signal }) => quickSearch(term, signal),
    enabled: shouldSearch(term),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    retry: false,
  })
}
