import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { productKeys } from './keys'
import type { Product, UpdateProductRequest } from './types'

export interface UpdateProductInput {
  id: string
  body: UpdateProductRequest
}

/** `PATCH /api/v1/admin/products/{id}` (admins): new defaults apply to licenses made afterwards. */
export async function updateProduct({ id, body }: UpdateProductInput): Promise<Product> {
  const { data, error, response } = await api.PATCH('/api/v1/admin/products/{id}', { params: { path: { id } }, body })
  if (!data) throw toApiError(error, response)
  return data
}

export function useUpdateProduct() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateProduct,
    onSuccess: (product) => {
      queryClient.setQueryData(productKeys.detail(product.id), product)
      toast.success(`Product “${product.name}” saved`)
      void queryClient.invalidateQueries({ queryKey: productKeys.all })
      // License and activation rows show the product's name.
      void queryClient.invalidateQueries({ queryKey: ['admin', 'licenses'] })
      void queryClient.invalidateQueries({ queryKey: ['admin', 'activations'] })
    },
  })
}
