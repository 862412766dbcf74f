import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { serverKeyKeys } from './get-server-public-keys'
import type { PublicKeySet } from './types'

/**
 * `POST /api/v1/admin/server-key/rotate` (super admins): a new Ed25519 key signs the server's
 * `NOT_FOUND` / `PRODUCT_MISMATCH` answers from now on; the old one stays published. Answers
 * the server's keys, oldest first (the last is the new one).
 */
export async function rotateServerKey(): Promise<PublicKeySet> {
  const { data, error, response } = await api.POST('/api/v1/admin/server-key/rotate')
  if (!data) throw toApiError(error, response)
  return data
}

export function useRotateServerKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: rotateServerKey,
    onSuccess: (keys) => {
      queryClient.setQueryData(serverKeyKeys.publicKeys, keys)
      toast.success('Server signing key rotated. The previous key stays published.')
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-events'] })
    },
  })
}
