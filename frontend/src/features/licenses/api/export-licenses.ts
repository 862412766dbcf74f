import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { filenameFromResponse, saveBlob } from '@/lib/download'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { LicenseExportQuery } from './types'

/**
 * `GET /api/v1/admin/licenses/export`: every license matching the filters as CSV. Fetched
 * through the API client (it needs the bearer token), then handed to the browser as a
 * download.
 */
export async function exportLicenses(query: LicenseExportQuery): Promise<{ blob: Blob; filename: string }> {
  const { data, error, response } = await api.GET('/api/v1/admin/licenses/export', {
    params: { query },
    parseAs: 'blob',
  })
  if (!response.ok || data === undefined) throw toApiError(error, response)
  const today = new Date().toISOString().slice(0, 10)
  const filename = filenameFromResponse(response, `licenses-${today}.csv`)
  const blob = data instanceof Blob ? data : new Blob([String(data)], { type: 'text/csv' })
  return { blob, filename }
}

export function useExportLicenses() {
  return useMutation({
    mutationFn: exportLicenses,
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename)
      toast.success(`Exported ${filename}`)
    },
    onError: (error) => toast.error(error.message || 'The export failed.'),
  })
}
