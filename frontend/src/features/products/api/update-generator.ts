import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { productKeys } from './keys'
import type { Generator, UpdateGeneratorRequest } from './types'

export interface UpdateGeneratorInput {
  productId: string
  id: string
  body: UpdateGeneratorRequest
}

/** `PATCH /api/v1/admin/products/{id}/generators/{gid}` (admins): affects keys generated afterwards. */
export async function updateGenerator({ productId, id, body }: UpdateGeneratorInput): Promise<Generator> {
  const { data, error, response } = await api.PATCH('/api/v1/admin/products/{id}/generators/{gid}', {
    params: { path: { id: productId, gid: id } },
    body,
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useUpdateGenerator() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateGenerator,
    onSuccess: (generator) => {
      toast.success(`Generator “${generator.name}” saved`)
      void queryClient.invalidateQueries({ queryKey: productKeys.allGenerators(generator.product_id) })
    },
  })
}
