import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { productKeys } from './keys'
import type { Product } from './types'

/** `DELETE /api/v1/admin/products/{id}` (admins): only without licenses (409 `conflict` otherwise). */
export async function deleteProduct(product: Pick<Product, 'id' | 'name'>): Promise<void> {
  const { error, response } = await api.DELETE('/api/v1/admin/products/{id}', { params: { path: { id: product.id } } })
  if (!response.ok) throw toApiError(error, response)
}

export function useDeleteProduct() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteProduct,
    onSuccess: (_, product) => {
      toast.success(`Product “${product.name}” deleted`)
      // Its own views must not refetch (404): drop them, refresh the rest.
      void queryClient.invalidateQueries({ queryKey: productKeys.all, predicate: (q) => q.queryKey[2] !== product.id })
      queryClient.removeQueries({ queryKey: productKeys.detail(product.id) })
    },
  })
}
