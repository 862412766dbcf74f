import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { productKeys } from './keys'
import type { Generator } from './types'

/** `DELETE /api/v1/admin/products/{id}/generators/{gid}` (admins): licenses it made keep their keys. */
export async function deleteGenerator(generator: Pick<Generator, 'id' | 'product_id' | 'name'>): Promise<void> {
  const { error, response } = await api.DELETE('/api/v1/admin/products/{id}/generators/{gid}', {
    params: { path: { id: generator.product_id, gid: generator.id } },
  })
  if (!response.ok) throw toApiError(error, response)
}

export function useDeleteGenerator() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteGenerator,
    onSuccess: (_, generator) => {
      toast.success(`Generator “${generator.name}” deleted`)
      void queryClient.invalidateQueries({ queryKey: productKeys.allGenerators(generator.product_id) })
    },
  })
}
