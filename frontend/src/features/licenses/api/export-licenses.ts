import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { LicenseExportQuery } from './types'

/** The file name from `Content-Disposition` (`filename="…"`), if the server sent one. */
export function filenameFrom(disposition: string | null): string | null {
  if (!disposition) return null
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*("?)([^";]+)\1/i.exec(disposition)
  return plain ? plain[2].trim() : null
}

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
  const filename = filenameFrom(response.headers.get('Content-Disposition')) ?? `licenses-${today}.csv`
  const blob = data instanceof Blob ? data : new Blob([String(data)], { type: 'text/csv' })
  return { blob, filename }
}

/** Saves a Blob as a file through a temporary object URL. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function useExportLicenses() {
  return useMutation({
    mutationFn: exportLicenses,
    onSuccess: ({ blob, filename }) => {
      downloadBlob(blob, filename)
      toast.success(`Exported ${filename}`)
    },
    onError: (error) => toast.error(error.message || 'The export failed.'),
  })
}
