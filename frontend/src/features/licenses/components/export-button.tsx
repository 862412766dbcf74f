import { Download } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { useExportLicenses } from '../api/export-licenses'
import type { LicenseExportQuery } from '../api/types'

/** "Export CSV": every license matching the current filters (all pages), as a download. */
export function ExportButton({ query, filtered }: { query: LicenseExportQuery; filtered: boolean }) {
  const exporter = useExportLicenses()
  return (
    <Button
      variant="outline"
      onClick={() => exporter.mutate(query)}
      disabled={exporter.isPending}
      title={filtered ? 'Every license matching the filters, all pages' : 'Every license, all pages'}
    >
      {exporter.isPending ? <Spinner label="Exporting" /> : <Download aria-hidden="true" />}
      Export CSV
    </Button>
  )
}
