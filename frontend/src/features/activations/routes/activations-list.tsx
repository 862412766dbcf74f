import { Activity, SearchX } from 'lucide-react'
import { useMemo, useState } from 'react'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { TableSkeleton } from '@/components/ui/skeleton'
import { Spinner } from '@/components/ui/spinner'
import { useCan } from '@/hooks/use-can'
import { useListParams } from '@/hooks/use-list-params'
import { formatNumber } from '@/lib/format'
import { useActivations } from '../api/list-activations'
import type { Activation } from '../api/types'
import { ActivationDetailsDialog } from '../components/activation-details-dialog'
import { ActivationFiltersBar } from '../components/activation-filters'
import { ActivationsTable } from '../components/activations-table'
import { DeactivateActivationDialog } from '../components/deactivate-activation-dialog'
import {
  ACTIVATION_FILTERS,
  DEFAULT_ACTIVATION_SORT,
  hasActivationFilters,
  parseStaleDays,
  staleLabel,
  toActivationQuery,
  validActivationSort,
} from '../lib/activation-filters'

/**
 * `/admin/activations`: every device and domain bound to a license. Filter by status,
 * product, staleness, and (from links) one license or customer; deactivate abandoned
 * devices to free a slot. All state is in the URL.
 */
export function ActivationsListPage() {
  const params = useListParams({ defaultSort: DEFAULT_ACTIVATION_SORT, filters: ACTIVATION_FILTERS })
  const { filters, sort, page, perPage, setParams } = params
  const query = useMemo(() => toActivationQuery({ filters, sort, page, perPage }), [filters, sort, page, perPage])
  const list = useActivations(query)
  const canDeactivate = useCan('operator')
  const [details, setDetails] = useState<Activation | null>(null)
  const [deactivating, setDeactivating] = useState<Activation | null>(null)
  const rows = list.data?.data ?? []
  const filtered = hasActivationFilters(filters)
  const staleDays = parseStaleDays(filters.stale_days)

  const clearFilters = () =>
    setParams({ status: null, product_id: null, stale_days: null, license_id: null, customer_id: null })

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-6">
      <PageHeader
        title="Activations"
        description="Devices and domains using your licenses. Find the ones nobody verifies any more and free their slots."
      />
      <ActivationFiltersBar
        filters={filters}
        setFilter={(key, value, options) => params.setParams({ [key]: value }, options)}
        onClear={clearFilters}
        filtered={filtered}
      />
      <section aria-label="Activation list" className="flex flex-col gap-2">
        {list.isPending ? (
          <TableSkeleton rows={6} cols={8} label="Loading activations" />
        ) : list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} title="Could not load activations" />
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={SearchX}
              title="No activations match these filters"
              action={
                <Button variant="outline" onClick={clearFilters}>
                  Clear filters
                </Button>
              }
            >
              {staleDays !== undefined
                ? `Nothing is ${staleLabel(staleDays).toLowerCase()}: every matching device checked its license recently.`
                : 'Try another status or product, or remove the license and customer filters.'}
            </EmptyState>
          ) : (
            <EmptyState icon={Activity} title="No activations yet">
              Devices and domains appear here when your software activates a license through the licensing API.
            </EmptyState>
          )
        ) : (
          <>
            <div className="flex min-h-5 items-center justify-between gap-2 text-sm text-muted-foreground">
              <span aria-live="polite">
                {formatNumber(list.data.meta.total)} {list.data.meta.total === 1 ? 'activation' : 'activations'}
                {staleDays !== undefined ? ` · ${staleLabel(staleDays).toLowerCase()}` : ''}
              </span>
              {list.isFetching ? <Spinner label="Updating" /> : null}
            </div>
            {list.isError ? (
              <p role="alert" className="text-sm text-destructive">
                Showing the last result: the newest could not be loaded.
              </p>
            ) : null}
            <ActivationsTable
              rows={rows}
              sort={validActivationSort(sort)}
              onSort={params.setSort}
              canDeactivate={canDeactivate}
              onDetails={setDetails}
              onDeactivate={setDeactivating}
              now={list.dataUpdatedAt}
            />
            <Pagination
              page={page}
              perPage={perPage}
              total={list.data.meta.total}
              totalCapped={list.data.meta.total_capped}
              onPageChange={params.setPage}
            />
          </>
        )}
      </section>
      <ActivationDetailsDialog
        activation={details}
        onClose={() => setDetails(null)}
        canDeactivate={canDeactivate}
        onDeactivate={setDeactivating}
      />
      <DeactivateActivationDialog activation={deactivating} onClose={() => setDeactivating(null)} />
    </div>
  )
}
