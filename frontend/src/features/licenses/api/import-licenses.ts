import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { importSummary } from '../lib/import-report'
import { invalidateLicenses } from './keys'
import type { ImportReport } from './types'

/** The CSV to import: a chosen file (sent as it is, never read here) or pasted text. */
export type ImportSource = Blob | string

/**
 * `POST /api/v1/admin/licenses/import` with the CSV as a `text/csv` body. With `dryRun`
 * the server checks every row and answers the same per-line report as the real import,
 * but writes nothing.
 */
export async function importLicenses(csv: ImportSource, dryRun: boolean): Promise<ImportReport> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/import', {
    params: { query: { dry_run: dryRun } },
    // The generated type says string; a File goes to fetch() unchanged, as the body.
    body: csv as string,
    bodySerializer: (body) => body,
    headers: { 'Content-Type': 'text/csv' },
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** The dry run: no toast, nothing to refresh. */
export function useCheckImport() {
  return useMutation({ mutationFn: (csv: ImportSource) => importLicenses(csv, true) })
}

export function useImportLicenses() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (csv: ImportSource) => importLicenses(csv, false),
    onSuccess: (report) => {
      toast.success(importSummary(report))
      void invalidateLicenses(queryClient, { customers: true, products: true })
    },
  })
}
