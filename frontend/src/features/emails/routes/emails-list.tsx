import { Mail, SearchX, Settings } from 'lucide-react'
import { Link } from 'react-router'
import { RequireRole } from '@/components/layout/require-role'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { TableSkeleton } from '@/components/ui/skeleton'
import { Spinner } from '@/components/ui/spinner'
import { useCan } from '@/hooks/use-can'
import { useListParams } from '@/hooks/use-list-params'
import { pluralize } from '@/lib/format'
import { useEmails } from '../api/list-emails'
import { EmailFilters } from '../components/email-filters'
import { EmailsTable } from '../components/emails-table'
import { EMAIL_FILTERS, toEmailQuery } from '../lib/email-filters'

/** `/admin/emails`: every mail in the outbox and where it stands (admins and up; the API refuses others). */
export function EmailsListPage() {
  return (
    <RequireRole min="admin">
      <EmailsList />
    </RequireRole>
  )
}

function EmailsList() {
  const params = useListParams({ filters: EMAIL_FILTERS })
  const query = toEmailQuery(params.query)
  const list = useEmails(query)
  const canConfigure = useCan('super_admin')
  // Only what the API is actually asked for counts: an unknown status in an old link is ignored.
  const filtered = Boolean(query.search || query.status || query.template)
  const clearFilters = () => params.setParams({ search: null, status: null, template: null })
  const rows = list.data?.data ?? []

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-6">
      <PageHeader
        title="Emails"
        description="Invitations, sign-in links, password resets and security alerts, newest first. Mails are retried with growing pauses until they are sent or given up."
        actions={
          canConfigure ? (
            <Link to="/admin/settings/email" className={buttonVariants({ variant: 'outline' })}>
              <Settings aria-hidden="true" />
              Email settings
            </Link>
          ) : null
        }
      />
      <EmailFilters params={params} filtered={filtered} onClear={clearFilters} />
      <section aria-label="Email list" className="flex flex-col gap-2">
        {list.isPending ? (
          <TableSkeleton rows={6} cols={8} label="Loading emails" />
        ) : list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} title="Could not load emails" />
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={SearchX}
              title="No emails match these filters"
              action={
                <Button variant="outline" onClick={clearFilters}>
                  Clear filters
                </Button>
              }
            >
              The search looks for the text in recipients’ addresses.
            </EmptyState>
          ) : list.data.meta.total > 0 ? (
            <EmptyState
              icon={SearchX}
              title="No emails on this page"
              action={
                <Button variant="outline" onClick={() => params.setPage(1)}>
                  Go to the first page
                </Button>
              }
            />
          ) : (
            <EmptyState icon={Mail} title="No emails yet">
              Mails appear here when they are queued: assigning a license to a new customer sends an invitation, and customers
              get sign-in links, password resets and security alerts.
            </EmptyState>
          )
        ) : (
          <>
            <div className="flex min-h-5 items-center justify-between gap-2 text-sm text-muted-foreground">
              <span aria-live="polite">{pluralize(list.data.meta.total, 'email')}</span>
              {list.isFetching ? <Spinner label="Updating" /> : null}
            </div>
            {list.isError ? (
              <p role="alert" className="text-sm text-destructive">
                Showing the last result: the newest could not be loaded.
              </p>
            ) : null}
            <EmailsTable rows={rows} now={list.dataUpdatedAt} stale={list.isPlaceholderData && list.isFetching} />
            <Pagination
              page={params.page}
              perPage={params.perPage}
              total={list.data.meta.total}
              totalCapped={list.data.meta.total_capped}
              onPageChange={params.setPage}
            />
          </>
        )}
      </section>
    </div>
  )
}
