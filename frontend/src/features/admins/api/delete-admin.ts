import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { Admin } from '../lib/types'
import { adminKeys } from './keys'

/**
 * `DELETE /api/v1/admin/admins/{id}`: not yourself and not the last active super admin
 * (409). The API keys the admin created are revoked with them.
 */
export async function deleteAdmin(admin: Pick<Admin, 'id'>): Promise<void> {
  const { error, response } = await api.DELETE('/api/v1/admin/admins/{id}', { params: { path: { id: admin.id } } })
  if (!response.ok) throw toApiError(error, response)
}

export function useDeleteAdmin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (admin: Pick<Admin, 'id' | 'email'>) => deleteAdmin(admin),
    onSuccess: (_, admin) => {
      toast.success(`Admin ${admin.email} deleted`)
      void queryClient.invalidateQueries({ queryKey: adminKeys.all })
      // Their API keys were revoked.
      void queryClient.invalidateQueries({ queryKey: ['admin', 'api-keys'] })
    },
  })
}
