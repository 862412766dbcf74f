import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { productKeys } from './keys'
import type { Product } from './types'

/**
 * `POST /api/v1/admin/products/{id}/rotate-key` (super admins): a new Ed25519 key signs
 * from now on; the old public key stays published under its `key_id`.
 */
export async function rotateProductKey(id: string): Promise<Product> {
  const { data, error, response } = await api.POST('/api/v1/admin/products/{id}/rotate-key', { params: { path: { id } } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useRotateProductKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: rotateProductKey,
    onSuccess: (product) => {
      queryClient.setQueryData(productKeys.detail(product.id), product)
      toast.success('Signing key rotated. The previous key stays published.')
      void queryClient.invalidateQueries({ queryKey: productKeys.publicKeys(product.id) })
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-events'] })
    },
  })
}
