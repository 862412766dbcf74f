import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { importSummary } from '../lib/csv'
import { invalidateLicenses } from './keys'
import type { ImportReport } from './types'

/**
 * `POST /api/v1/admin/licenses/import` with the CSV as a `text/csv` body. With `dryRun`
 * every row is checked and reported but nothing is written.
 */
export async function importLicenses(csv: string, dryRun: boolean): Promise<ImportReport> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses/import', {
    params: { query: { dry_run: dryRun } },
    body: csv,
    bodySerializer: (body) => body,
    headers: { 'Content-Type': 'text/csv' },
  })
  if (!data) throw toApiError(error, response)
  return data
}

/** The dry run: no toast, nothing to refresh. */
export function useCheckImport() {
  return useMutation({ mutationFn: (csv: string) => importLicenses(csv, true) })
}

export function useImportLicenses() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (csv: string) => importLicenses(csv, false),
    onSuccess: (report) => {
      toast.success(importSummary(report))
      void invalidateLicenses(queryClient, { customers: true, products: true })
    },
  })
}
