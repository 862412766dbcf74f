import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { ApiKeyList, ApiKeyListQuery } from '../lib/types'
import { apiKeyKeys } from './keys'

/** `GET /api/v1/admin/api-keys`: newest first; revoked keys only with `include_revoked`. */
export async function listApiKeys(query: ApiKeyListQuery, signal?: AbortSignal): Promise<ApiKeyList> {
  const { data, error, response } = await api.GET('/api/v1/admin/api-keys', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useApiKeys(query: ApiKeyListQuery) {
  return useQuery({
    queryKey: apiKeyKeys.list(query),
    queryFn: ({ signal }) => listApiKeys(query, signal),
    placeholderData: keepPreviousData,
  })
}
