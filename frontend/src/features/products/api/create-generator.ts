import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { productKeys } from './keys'
import type { CreateGeneratorRequest, Generator } from './types'

export interface CreateGeneratorInput {
  productId: string
  body: CreateGeneratorRequest
}

/** `POST /api/v1/admin/products/{id}/generators` (admins). Impossible formats come back as field errors. */
export async function createGenerator({ productId, body }: CreateGeneratorInput): Promise<Generator> {
  const { data, error, response } = await api.POST('/api/v1/admin/products/{id}/generators', {
    params: { path: { id: productId } },
    body,
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useCreateGenerator() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createGenerator,
    onSuccess: (generator) => {
      toast.success(`Generator “${generator.name}” created`)
      void queryClient.invalidateQueries({ queryKey: productKeys.allGenerators(generator.product_id) })
    },
  })
}
