import { ScrollText, SearchX } from 'lucide-react'
import { useMemo, useState } from 'react'
import { RequireRole } from '@/components/layout/require-role'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { TableSkeleton } from '@/components/ui/skeleton'
import { Spinner } from '@/components/ui/spinner'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { useListParams } from '@/hooks/use-list-params'
import { formatNumber } from '@/lib/format'
import { useAuditEvents } from '../api/list-audit-events'
import type { AuditEvent } from '../api/types'
import { AuditEventDialog } from '../components/audit-event-dialog'
import { AuditFiltersBar } from '../components/audit-filters'
import { AuditTable } from '../components/audit-table'
import { AUDIT_FILTERS, DEFAULT_AUDIT_SORT, hasAuditFilters, toAuditQuery, type AuditFilterKey } from '../lib/audit-filters'

/** `/admin/audit`: the append-only trail of every state change (admins and up; the API refuses others). */
export function AuditLogPage() {
  return (
    <RequireRole min="admin">
      <AuditLog />
    </RequireRole>
  )
}

const EMPTY_FILTERS = Object.fromEntries(AUDIT_FILTERS.map((k) => [k, null])) as Record<AuditFilterKey, null>

function AuditLog() {
  const params = useListParams({ defaultSort: DEFAULT_AUDIT_SORT, filters: AUDIT_FILTERS })
  const { filters, sort, page, perPage, setParams } = params
  // Typed ids and dates reach the URL at once but the API only once typing pauses.
  const immediate = useMemo(() => toAuditQuery({ filters, sort, page, perPage }), [filters, sort, page, perPage])
  const query = useDebouncedValue(immediate, 300)
  const list = useAuditEvents(query)
  const [open, setOpen] = useState<AuditEvent | null>(null)
  const rows = list.data?.data ?? []
  const filtered = hasAuditFilters(filters)
  const clearFilters = () => setParams(EMPTY_FILTERS)

  const setFilter = (key: AuditFilterKey, value: string | null, replace = false) => setParams({ [key]: value }, { replace })

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-6">
      <PageHeader
        title="Audit log"
        description="Every change, who made it and from where. The trail is append-only: nothing here can be edited or deleted."
      />
      <AuditFiltersBar filters={filters} setFilter={setFilter} onClear={clearFilters} filtered={filtered} />
      <section aria-label="Audit events" className="flex flex-col gap-2">
        {list.isPending ? (
          <TableSkeleton rows={8} cols={5} label="Loading audit events" />
        ) : list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} title="Could not load the audit log" />
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={SearchX}
              title="No events match these filters"
              action={
                <Button variant="outline" onClick={clearFilters}>
                  Clear filters
                </Button>
              }
            >
              Try a wider date range or another action or actor.
            </EmptyState>
          ) : (
            <EmptyState icon={ScrollText} title="Nothing recorded yet">
              Sign-ins, license changes, activations and every other change appear here as they happen.
            </EmptyState>
          )
        ) : (
          <>
            <div className="flex min-h-5 items-center justify-between gap-2 text-sm text-muted-foreground">
              <span aria-live="polite">
                {formatNumber(list.data.meta.total)} {list.data.meta.total === 1 ? 'event' : 'events'}
              </span>
              {list.isFetching ? <Spinner label="Updating" /> : null}
            </div>
            {list.isError ? (
              <p role="alert" className="text-sm text-destructive">
                Showing the last result: the newest could not be loaded.
              </p>
            ) : null}
            <AuditTable rows={rows} sort={sort} onSort={params.setSort} onOpen={setOpen} now={list.dataUpdatedAt} />
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
      <AuditEventDialog
        event={open}
        onClose={() => setOpen(null)}
        onFilterActor={(e) => {
          setOpen(null)
          setParams({ actor_kind: e.actor_kind, actor_id: e.actor_id ?? null })
        }}
        onFilterSubject={(e) => {
          setOpen(null)
          setParams({ subject_type: e.subject_type, subject_id: e.subject_id ?? null })
        }}
      />
    </div>
  )
}
