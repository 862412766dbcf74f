import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { filenameFromResponse, saveBlob } from '@/lib/download'
import { errorMessage, toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { CustomersQuery } from '../lib/types'

export type ExportCustomersInput = Pick<CustomersQuery, 'search' | 'sort'>

/**
 * `GET /api/v1/admin/customers/export`: every customer matching the search, as CSV. It needs
 * the bearer token, so it goes through the API client and is saved from a Blob.
 */
export async function exportCustomers(input: ExportCustomersInput): Promise<{ blob: Blob; filename: string }> {
  const query: ExportCustomersInput = {}
  if (input.search) query.search = input.search
  if (input.sort) query.sort = input.sort
  const { data, error, response } = await api.GET('/api/v1/admin/customers/export', {
    params: { query },
    parseAs: 'blob',
  })
  if (!data) throw toApiError(error, response)
  return { blob: data, filename: filenameFromResponse(response, 'customers.csv') }
}

/** Downloads the CSV of the current search and toasts the outcome. */
export function useExportCustomers() {
  return useMutation({
    mutationFn: exportCustomers,
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename)
      toast.success(`Exported ${filename}`)
    },
    onError: (error) => toast.error(`Export failed: ${errorMessage(error)}`),
  })
}
