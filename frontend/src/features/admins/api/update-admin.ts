import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { Admin, UpdateAdminRequest } from '../lib/types'
import { adminKeys } from './keys'

export interface UpdateAdminInput {
  id: string
  changes: UpdateAdminRequest
}

/** `PATCH /api/v1/admin/admins/{id}`: name, role and status (409 for the last super admin). */
export async function updateAdmin({ id, changes }: UpdateAdminInput): Promise<Admin> {
  const { data, error, response } = await api.PATCH('/api/v1/admin/admins/{id}', {
    params: { path: { id } },
    body: changes,
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useUpdateAdmin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateAdmin,
    onSuccess: (admin) => {
      toast.success(`Admin ${admin.email} updated`)
      void queryClient.invalidateQueries({ queryKey: adminKeys.all })
      // The signed-in admin may have changed themselves (name, role).
      void queryClient.invalidateQueries({ queryKey: ['admin', 'me'] })
    },
  })
}
