import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { CreateAdminRequest, CreatedAdmin } from '../lib/types'
import { adminKeys } from './keys'

/**
 * `POST /api/v1/admin/admins`. Without `password` the server generates one and returns it
 * once in `generated_password`.
 */
export async function createAdmin(input: CreateAdminRequest): Promise<CreatedAdmin> {
  const body: CreateAdminRequest = { email: input.email.trim(), role: input.role }
  const name = input.name?.trim()
  if (name) body.name = name
  if (input.password) body.password = input.password
  const { data, error, response } = await api.POST('/api/v1/admin/admins', { body })
  if (!data) throw toApiError(error, response)
  return data
}

export function useCreateAdmin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createAdmin,
    // The typed or generated password must not linger in the mutation cache.
    gcTime: 0,
    onSuccess: (created) => {
      toast.success(`Admin ${created.admin.email} created`)
      void queryClient.invalidateQueries({ queryKey: adminKeys.all })
    },
  })
}
