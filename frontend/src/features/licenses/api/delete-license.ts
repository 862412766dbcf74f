import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenses, licenseKeys } from './keys'

/** `DELETE /api/v1/admin/licenses/{id}`: its activations go too; the key is never issued again. */
export async function deleteLicense(id: string): Promise<void> {
  const { error, response } = await api.DELETE('/api/v1/admin/licenses/{id}', { params: { path: { id } } })
  if (!response.ok) throw toApiError(error, response)
}

export function useDeleteLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => deleteLicense(id),
    onSuccess: (_, id) => {
      toast.success('License deleted')
      queryClient.removeQueries({ queryKey: licenseKeys.detail(id), exact: true })
      void invalidateLicenses(queryClient, { customers: true, activations: true, products: true })
    },
  })
}
