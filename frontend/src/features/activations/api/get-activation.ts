import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { activationKeys } from './keys'
import type { Activation } from './types'

/** `GET /api/v1/admin/activations/{id}`. */
export async function getActivation(id: string, signal?: AbortSignal): Promise<Activation> {
  const { data, error, response } = await api.GET('/api/v1/admin/activations/{id}', { params: { path: { id } }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

/** One activation, starting from the row the list already has (`initial`) and refreshed from the server. */
export function useActivation(id: string | null, initial?: Activation) {
  return useQuery({
    enabled: id !== null,
    queryKey: activationKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getActivation(id ?? '', signal),
    initialData: initial && initial.id === id ? initial : undefined,
    initialDataUpdatedAt: 0,
  })
}
