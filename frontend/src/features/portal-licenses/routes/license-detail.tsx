import { ArrowLeft, Monitor } from 'lucide-react'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { buttonVariants } from '@/components/ui/button-variants'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { PageSkeleton, TableSkeleton } from '@/components/ui/skeleton'
import { usePortalReadOnly } from '@/hooks/use-portal-session'
import { usePortalLicense } from '../api/get-license'
import { usePortalActivations } from '../api/list-activations'
import type { PortalActivation } from '../api/types'
import { ActivationsTable } from '../components/activations-table'
import { DeactivateDialog } from '../components/deactivate-dialog'
import { LicenseExplanation } from '../components/license-explanation'
import { LicenseFacts } from '../components/license-facts'

/** `/portal/licenses/:id`: one license and the devices on it. */
export function PortalLicenseDetailPage() {
  const { id = '' } = useParams()
  const license = usePortalLicense(id)
  const activations = usePortalActivations({ license_id: id, per_page: 100 })
  const readOnly = usePortalReadOnly()
  const [deactivating, setDeactivating] = useState<PortalActivation | null>(null)

  const back = (
    <Link to="/portal/licenses" className={buttonVariants({ variant: 'link', size: 'sm', className: 'self-start px-0' })}>
      <ArrowLeft aria-hidden="true" />
      My licenses
    </Link>
  )

  if (license.isError) {
    return (
      <div className="flex flex-col gap-4">
        {back}
        <ErrorState error={license.error} title="Could not load this license" onRetry={() => void license.refetch()} retrying={license.isFetching} />
      </div>
    )
  }
  if (!license.data) return <PageSkeleton />

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={license.data.product_name} description="License details and the devices using it.">
        {back}
      </PageHeader>
      <Card>
        <CardContent className="flex flex-col gap-3 pt-6">
          <LicenseExplanation license={license.data} />
          <LicenseFacts license={license.data} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Devices and domains</CardTitle>
        </CardHeader>
        <CardContent>
          {activations.isError ? (
            <ErrorState error={activations.error} onRetry={() => void activations.refetch()} retrying={activations.isFetching} />
          ) : !activations.data ? (
            <TableSkeleton rows={2} cols={4} />
          ) : activations.data.data.length === 0 ? (
            <EmptyState icon={Monitor} title="Not activated anywhere yet">
              Enter the license key in the software to activate it on a device.
            </EmptyState>
          ) : (
            <ActivationsTable activations={activations.data.data} showLicense={false} readOnly={readOnly} onDeactivate={setDeactivating} />
          )}
        </CardContent>
      </Card>
      {readOnly ? null : <DeactivateDialog activation={deactivating} onClose={() => setDeactivating(null)} />}
    </div>
  )
}
