import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { ApiKey } from '../lib/types'
import { apiKeyKeys } from './keys'

/** `DELETE /api/v1/admin/api-keys/{id}`: revokes at once (409 when already revoked). */
export async function revokeApiKey(key: Pick<ApiKey, 'id'>): Promise<void> {
  const { error, response } = await api.DELETE('/api/v1/admin/api-keys/{id}', { params: { path: { id: key.id } } })
  if (!response.ok) throw toApiError(error, response)
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (key: Pick<ApiKey, 'id' | 'name'>) => revokeApiKey(key),
    onSuccess: (_, key) => {
      toast.success(`API key “${key.name}” revoked`)
      void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all })
    },
  })
}
