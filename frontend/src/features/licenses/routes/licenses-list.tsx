import { FileUp, Plus, Ticket, UserPlus, X } from 'lucide-react'
import { useMemo, useState } from 'react'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { TableSkeleton } from '@/components/ui/skeleton'
import { Spinner } from '@/components/ui/spinner'
import { useListParams } from '@/hooks/use-list-params'
import { useSession } from '@/hooks/use-session'
import type { AdminRole } from '@/lib/api/types'
import { pluralize } from '@/lib/format'
import { errorMessage, queryErrorMessage } from '@/lib/problem'
import { hasRole } from '@/lib/roles'
import { toast } from '@/lib/toast'
import { useLicenses } from '../api/list-licenses'
import { useReinstateLicense } from '../api/reinstate-license'
import type { License } from '../api/types'
import { BulkAssignDialog } from '../components/bulk-assign-dialog'
import { CreateLicensesDialog } from '../components/create-licenses-dialog'
import { ExportButton } from '../components/export-button'
import { ImportLicensesDialog } from '../components/import-licenses-dialog'
import { LicenseActionDialogs, type PendingAction } from '../components/license-action-dialogs'
import { LicenseDetailDialog } from '../components/license-detail-dialog'
import { LicenseFilters } from '../components/license-filters'
import { LicensesTable } from '../components/licenses-table'
import type { LicenseActionKind } from '../lib/actions'
import { DEFAULT_LICENSE_SORT, filterScope, LICENSE_FILTERS, toApiQuery, toExportQuery, type LicenseFilter } from '../lib/filters'
import { EMPTY_SELECTION, refreshSelection, toggleOne, togglePage, type Selection } from '../lib/selection'

type Panel = 'create' | 'import' | 'bulk' | null

/** `/admin/licenses`: every license, filtered in the URL, with row and bulk actions. */
export function LicensesListPage() {
  const params = useListParams<LicenseFilter>({ defaultSort: DEFAULT_LICENSE_SORT, filters: LICENSE_FILTERS })
  const apiQuery = useMemo(() => toApiQuery(params.query), [params.query])
  const licenses = useLicenses(apiQuery)
  const role = useSession()?.admin.role
  const can = (min: AdminRole) => hasRole(role, min)
  const canOperate = can('operator')
  const canAdmin = can('admin')

  // The selection belongs to one set of filters: changing them starts afresh.
  const scope = filterScope(apiQuery)
  const [selectionState, setSelectionState] = useState<{ scope: string; items: Selection }>({ scope, items: EMPTY_SELECTION })
  const rawSelection = selectionState.scope === scope ? selectionState.items : EMPTY_SELECTION
  const rows = licenses.data?.data
  const selection = useMemo(() => (rows ? refreshSelection(rawSelection, rows) : rawSelection), [rawSelection, rows])
  const updateSelection = (change: (current: Selection) => Selection) =>
    setSelectionState((prev) => ({ scope, items: change(prev.scope === scope ? prev.items : EMPTY_SELECTION) }))

  const [panel, setPanel] = useState<Panel>(null)
  const [action, setAction] = useState<PendingAction | null>(null)
  const reinstate = useReinstateLicense()

  const detailId = params.get('license')
  const detailInitial = rows?.find((l) => l.id === detailId)
  const openDetail = (license: License) => params.setParams({ license: license.id }, { resetPage: false })
  const closeDetail = () => params.setParams({ license: null }, { resetPage: false, replace: true })

  const onAction = (kind: LicenseActionKind, license: License) => {
    if (kind === 'reinstate') {
      reinstate.mutate(license.id, { onError: (error) => toast.error(errorMessage(error)) })
      return
    }
    setAction({ kind, license })
  }

  const meta = licenses.data?.meta
  const selected = [...selection.values()]

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-6">
      <PageHeader
        title="Licenses"
        description="Every license key: who owns it, its status, activations and expiry."
        actions={
          <>
            <ExportButton query={toExportQuery(apiQuery)} filtered={params.isFiltered} />
            {canAdmin ? (
              <>
                <Button variant="outline" onClick={() => setPanel('import')}>
                  <FileUp aria-hidden="true" />
                  Import CSV
                </Button>
                <Button onClick={() => setPanel('create')}>
                  <Plus aria-hidden="true" />
                  Create licenses
                </Button>
              </>
            ) : null}
          </>
        }
      />

      <LicenseFilters params={params} />

      {canOperate ? (
        <div
          className="flex min-h-10 flex-wrap items-center gap-3 rounded-lg border border-border bg-muted/40 px-3 py-1.5"
          role="toolbar"
          aria-label="Bulk actions"
        >
          <span className="text-sm" aria-live="polite">
            {selection.size ? `${pluralize(selection.size, 'license')} selected` : 'Select licenses to assign them in bulk.'}
          </span>
          <Button size="sm" onClick={() => setPanel('bulk')} disabled={selection.size === 0}>
            <UserPlus aria-hidden="true" />
            Bulk Assign
          </Button>
          {selection.size ? (
            <Button size="sm" variant="ghost" onClick={() => updateSelection(() => EMPTY_SELECTION)}>
              <X aria-hidden="true" />
              Clear selection
            </Button>
          ) : null}
          {licenses.isFetching && !licenses.isLoading ? <Spinner label="Refreshing" className="ml-auto text-muted-foreground" /> : null}
        </div>
      ) : null}

      {licenses.isLoading ? (
        <TableSkeleton rows={8} cols={8} label="Loading licenses" />
      ) : licenses.isError && !licenses.data ? (
        <ErrorState
          error={licenses.error}
          title="Could not load licenses"
          onRetry={() => void licenses.refetch()}
          retrying={licenses.isFetching}
        />
      ) : rows && rows.length === 0 ? (
        params.isFiltered ? (
          <EmptyState
            icon={Ticket}
            title="No licenses match these filters"
            action={
              <Button
                variant="outline"
                onClick={() =>
                  params.setParams({ search: null, status: null, product_id: null, customer_id: null, expires_from: null, expires_to: null })
                }
              >
                Clear filters
              </Button>
            }
          >
            Try another status, product or expiry range, or search for the start of the key, or part of the customer’s name or email.
          </EmptyState>
        ) : (
          <EmptyState
            icon={Ticket}
            title="No licenses yet"
            action={
              canAdmin ? (
                <Button onClick={() => setPanel('create')}>
                  <Plus aria-hidden="true" />
                  Create licenses
                </Button>
              ) : null
            }
          >
            Licenses are created here, imported from CSV, or issued through the API by your store.
          </EmptyState>
        )
      ) : rows ? (
        <div className="flex flex-col">
          {licenses.isError ? (
            <p role="alert" className="mb-2 text-sm text-destructive">
              Could not refresh the list: {queryErrorMessage(licenses.error)}
            </p>
          ) : null}
          <LicensesTable
            licenses={rows}
            sort={apiQuery.sort ?? params.sort}
            onSort={params.setSort}
            selection={canOperate ? selection : null}
            onToggle={(license, checked) => updateSelection((s) => toggleOne(s, license, checked))}
            onTogglePage={(checked) => updateSelection((s) => togglePage(s, rows, checked))}
            onView={openDetail}
            onAction={onAction}
            can={can}
          />
          {meta ? (
            <Pagination
              page={params.page}
              perPage={params.perPage}
              total={meta.total}
              totalCapped={meta.total_capped}
              onPageChange={params.setPage}
            />
          ) : null}
        </div>
      ) : null}

      <LicenseDetailDialog licenseId={detailId} initial={detailInitial} onClose={closeDetail} onAction={onAction} can={can} />
      <LicenseActionDialogs
        action={action}
        onClose={() => setAction(null)}
        onDeleted={(license) => {
          if (detailId === license.id) closeDetail()
          updateSelection((s) => toggleOne(s, license, false))
        }}
      />
      <BulkAssignDialog
        open={panel === 'bulk'}
        licenses={selected}
        onClose={() => setPanel(null)}
        onAssigned={() => {
          setPanel(null)
          updateSelection(() => EMPTY_SELECTION)
        }}
        onDeselect={(ids) =>
          updateSelection((s) => {
            const next = new Map(s)
            for (const id of ids) next.delete(id)
            return next
          })
        }
      />
      <CreateLicensesDialog open={panel === 'create'} onClose={() => setPanel(null)} />
      <ImportLicensesDialog open={panel === 'import'} onClose={() => setPanel(null)} />
    </div>
  )
}
