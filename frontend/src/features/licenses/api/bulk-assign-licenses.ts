import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { pluralize } from '@/lib/format'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenses } from './keys'
import type { BulkAssigned, BulkAssignRequest } from './types'

/** `POST /api/v1/admin/licenses/bulk-assign`: all or nothing (409 names the license that failed). */
export async function bulkAssignLicenses(body: BulkAssignRequest): Promise<BulkAssigned> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/bulk-assign', { body })
  if (!data) throw toApiError(error, response)
  return data
}

export function useBulkAssignLicenses() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: bulkAssignLicenses,
    onSuccess: (result, request) => {
      toast.success(`Assigned ${pluralize(result.assigned, 'license')} to ${request.email.trim().toLowerCase()}`)
      void invalidateLicenses(queryClient, { customers: true })
    },
  })
}
