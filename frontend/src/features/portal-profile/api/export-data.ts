import { useMutation } from '@tanstack/react-query'
import { filenameFromResponse, saveBlob } from '@/lib/download'
import { portalApi } from '@/lib/portal-api-client'
import { errorMessage, toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'

export type PortalExportFormat = 'json' | 'csv'

/** `GET /api/v1/portal/me/export?format=json|csv`: everything stored about the customer, as a file. */
export async function exportPortalData(format: PortalExportFormat): Promise<{ blob: Blob; filename: string }> {
  const { data, error, response } = await portalApi.GET('/api/v1/portal/me/export', {
    params: { query: { format } },
    parseAs: 'blob',
  })
  if (!data) throw toApiError(error, response)
  return { blob: data, filename: filenameFromResponse(response, `my-data.${format}`) }
}

export function useExportPortalData() {
  return useMutation({
    mutationFn: exportPortalData,
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename)
      toast.success(`Downloaded ${filename}`)
    },
    onError: (error) => toast.error(`Export failed: ${errorMessage(error)}`),
  })
}
