import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { CreateApiKeyRequest, CreatedApiKey } from '../lib/types'
import { apiKeyKeys } from './keys'

/**
 * `POST /api/v1/admin/api-keys`. The answer holds the secret once; the caller shows it and
 * forgets it (it is never put in the query cache).
 */
export async function createApiKey(input: CreateApiKeyRequest): Promise<CreatedApiKey> {
  const body: CreateApiKeyRequest = { name: input.name.trim(), role: input.role }
  if (input.expires_at) body.expires_at = input.expires_at
  const { data, error, response } = await api.POST('/api/v1/admin/api-keys', { body })
  if (!data) throw toApiError(error, response)
  return data
}

export function useCreateApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createApiKey,
    // Keep the secret out of the mutation cache once the dialog is closed (see reset()).
    gcTime: 0,
    onSuccess: (created) => {
      toast.success(`API key “${created.api_key.name}” created`)
      void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all })
    },
  })
}
