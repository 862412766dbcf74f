import { Download } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Spinner } from '@/components/ui/spinner'
import { useExportPortalData, type PortalExportFormat } from '../api/export-data'

/** Everything stored about the customer (profile, licenses, activations, history) as a file. */
export function DataExportCard() {
  const exporter = useExportPortalData()
  const running = exporter.isPending ? exporter.variables : null
  const button = (format: PortalExportFormat, label: string) => (
    <Button variant="outline" onClick={() => exporter.mutate(format)} disabled={exporter.isPending}>
      {running === format ? <Spinner label="Preparing" /> : <Download aria-hidden="true" />}
      {label}
    </Button>
  )
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your data</CardTitle>
        <CardDescription>Download everything stored about you: your profile, licenses, devices and account history.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap gap-2">
        {button('json', 'Download JSON')}
        {button('csv', 'Download CSV')}
      </CardContent>
    </Card>
  )
}
