import { Monitor } from 'lucide-react'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { Label } from '@/components/ui/label'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { Select } from '@/components/ui/select'
import { TableSkeleton } from '@/components/ui/skeleton'
import { useListParams } from '@/hooks/use-list-params'
import { usePortalReadOnly } from '@/hooks/use-portal-session'
import { maskKey } from '@/lib/mask'
import { usePortalActivations, type PortalActivationsQuery } from '../api/list-activations'
import { usePortalLicenses } from '../api/list-licenses'
import type { PortalActivation } from '../api/types'
import { ActivationsTable } from '../components/activations-table'
import { DeactivateDialog } from '../components/deactivate-dialog'

const FILTERS = ['status', 'license_id'] as const
// The license filter offers every license of the customer: a customer has far fewer than this.
const LICENSE_OPTIONS_QUERY = { per_page: 100 }

function statusFilter(value: string | undefined): PortalActivationsQuery['status'] {
  return value === 'active' || value === 'inactive' ? value : undefined
}

/** `/portal/activations`: every device and domain, filterable by status and license; deactivate to free a slot. */
export function PortalActivationsPage() {
  const params = useListParams({ filters: FILTERS })
  const query: PortalActivationsQuery = {
    page: params.query.page,
    per_page: params.query.per_page,
    ...(statusFilter(params.filters.status) ? { status: statusFilter(params.filters.status) } : {}),
    ...(params.filters.license_id ? { license_id: params.filters.license_id } : {}),
  }
  const activations = usePortalActivations(query)
  const licenses = usePortalLicenses(LICENSE_OPTIONS_QUERY)
  const readOnly = usePortalReadOnly()
  const [deactivating, setDeactivating] = useState<PortalActivation | null>(null)

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Activations" description="The devices and domains using your licenses. Deactivate one to free its slot." />
      <div className="flex flex-wrap items-end gap-4" role="group" aria-label="Filters">
        <div className="flex flex-col gap-2">
          <Label htmlFor="portal-activation-status">Status</Label>
          <Select
            id="portal-activation-status"
            value={params.filters.status ?? ''}
            onChange={(e) => params.setFilter('status', e.target.value)}
          >
            <option value="">All</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </Select>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="portal-activation-license">License</Label>
          <Select
            id="portal-activation-license"
            value={params.filters.license_id ?? ''}
            onChange={(e) => params.setFilter('license_id', e.target.value)}
          >
            <option value="">All licenses</option>
            {licenses.data?.data.map((license) => (
              <option key={license.id} value={license.id}>
                {license.product_name} ({maskKey(license.key)})
              </option>
            ))}
          </Select>
        </div>
        {params.isFiltered ? (
          <Button variant="ghost" size="sm" onClick={params.clear}>
            Clear filters
          </Button>
        ) : null}
      </div>
      {activations.isError ? (
        <ErrorState error={activations.error} onRetry={() => void activations.refetch()} retrying={activations.isFetching} />
      ) : !activations.data ? (
        <TableSkeleton rows={3} cols={5} />
      ) : activations.data.data.length === 0 ? (
        <EmptyState
          icon={Monitor}
          title={params.isFiltered ? 'No activations match these filters' : 'No activations yet'}
          action={
            params.isFiltered ? (
              <Button variant="outline" onClick={params.clear}>
                Clear filters
              </Button>
            ) : undefined
          }
        >
          {params.isFiltered ? null : 'Enter one of your license keys in the software to activate it on a device.'}
        </EmptyState>
      ) : (
        <>
          <ActivationsTable activations={activations.data.data} readOnly={readOnly} onDeactivate={setDeactivating} />
          {activations.data.meta.total > params.perPage || params.page > 1 ? (
            <Pagination page={params.page} perPage={params.perPage} total={activations.data.meta.total} onPageChange={params.setPage} />
          ) : null}
        </>
      )}
      {readOnly ? null : <DeactivateDialog activation={deactivating} onClose={() => setDeactivating(null)} />}
    </div>
  )
}
