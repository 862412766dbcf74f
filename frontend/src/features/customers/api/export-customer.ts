import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { filenameFromResponse, saveBlob } from '@/lib/download'
import { errorMessage, toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { CustomerExportFormat } from '../lib/types'
import { customerKeys } from './keys'

export interface ExportCustomerInput {
  id: string
  format: CustomerExportFormat
}

/** `GET /api/v1/admin/customers/{id}/export?format=json|csv`: the GDPR export as a file. Admin and up. */
export async function exportCustomer({ id, format }: ExportCustomerInput): Promise<{ blob: Blob; filename: string }> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}/export', {
    params: { path: { id }, query: { format } },
    parseAs: 'blob',
  })
  if (!data) throw toApiError(error, response)
  return { blob: data, filename: filenameFromResponse(response, `customer-${id}.${format}`) }
}

export function useExportCustomer() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: exportCustomer,
    onSuccess: ({ blob, filename }, { id }) => {
      saveBlob(blob, filename)
      toast.success(`Exported ${filename}`)
      // The export itself is recorded in the timeline.
      void queryClient.invalidateQueries({ queryKey: customerKeys.timeline(id) })
    },
    onError: (error) => toast.error(`Export failed: ${errorMessage(error)}`),
  })
}
