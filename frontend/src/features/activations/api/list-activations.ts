import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { activationKeys } from './keys'
import type { ActivationList, ActivationListQuery } from './types'

/** `GET /api/v1/admin/activations`: a page of activations with license key, product and owner. */
export async function listActivations(query: ActivationListQuery, signal?: AbortSignal): Promise<ActivationList> {
  const { data, error, response } = await api.GET('/api/v1/admin/activations', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useActivations(query: ActivationListQuery) {
  return useQuery({
    queryKey: activationKeys.list(query),
    queryFn: ({ signal }) => listActivations(query, signal),
    placeholderData: keepPreviousData,
  })
}
