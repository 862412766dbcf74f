import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { productKeys } from './keys'
import type { CreateProductRequest, Product } from './types'

/** `POST /api/v1/admin/products` (admins): also makes the product's first signing key. */
export async function createProduct(body: CreateProductRequest): Promise<Product> {
  const { data, error, response } = await api.POST('/api/v1/admin/products', { body })
  if (!data) throw toApiError(error, response)
  return data
}

export function useCreateProduct() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createProduct,
    onSuccess: (product) => {
      queryClient.setQueryData(productKeys.detail(product.id), product)
      toast.success(`Product “${product.name}” created`)
      void queryClient.invalidateQueries({ queryKey: productKeys.all })
    },
  })
}
