import { Download, SearchX, Users } from 'lucide-react'
import { Link } from 'react-router'
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
import { useExportCustomers } from '../api/export-customers'
import { useCustomers } from '@/api/customers/list-customers'
import { CustomerSearch } from '../components/customer-search'
import { CustomersTable } from '../components/customers-table'
import { DEFAULT_CUSTOMER_SORT } from '../lib/display'

/** `/admin/customers`: search, sort and page through every customer (server-side). */
export function CustomersListPage() {
  // No `defaultSort` here: an explicit `?sort=-created_at` stays in the URL once chosen.
  const params = useListParams()
  const sort = params.sort ?? DEFAULT_CUSTOMER_SORT
  const customers = useCustomers(params.query)
  const exportCsv = useExportCustomers()
  const canExport = useCan('admin')

  const data = customers.data
  const searching = params.search.trim() !== ''

  let body
  if (customers.isPending) {
    body = <TableSkeleton rows={8} cols={5} label="Loading customers" />
  } else if (customers.isError && !data) {
    body = (
      <ErrorState
        title="Could not load customers"
        error={customers.error}
        onRetry={() => void customers.refetch()}
        retrying={customers.isFetching}
      />
    )
  } else if (data && data.meta.total === 0 && data.data.length === 0) {
    body = params.query.search ? (
      <EmptyState
        icon={SearchX}
        title={`No customers match “${params.query.search}”`}
        action={
          <Button variant="outline" onClick={() => params.setSearch('')}>
            Clear search
          </Button>
        }
      >
        The search looks for this text anywhere in the name or the email. Try part of the email, such as the domain
        (“@acme.com”).
      </EmptyState>
    ) : (
      <EmptyState
        icon={Users}
        title="No customers yet"
        action={
          <Link to="/admin/licenses" className={buttonVariants({ variant: 'outline' })}>
            Go to Licenses
          </Link>
        }
      >
        Customers are created when a license is assigned to a new email.
      </EmptyState>
    )
  } else if (data && data.data.length === 0) {
    body = (
      <EmptyState
        icon={SearchX}
        title="No customers on this page"
        action={
          <Button variant="outline" onClick={() => params.setPage(1)}>
            Go to the first page
          </Button>
        }
      >
        The list is shorter than page {params.page}.
      </EmptyState>
    )
  } else if (data) {
    body = (
      <div className="flex flex-col">
        {customers.isError ? (
          <ErrorState
            title="Could not refresh customers"
            error={customers.error}
            onRetry={() => void customers.refetch()}
            retrying={customers.isFetching}
            className="mb-4 py-4"
          />
        ) : null}
        <CustomersTable
          customers={data.data}
          sort={sort}
          onSort={params.setSort}
          stale={customers.isPlaceholderData && customers.isFetching}
        />
        <Pagination
          page={data.meta.page}
          perPage={data.meta.per_page}
          total={data.meta.total}
          totalCapped={data.meta.total_capped ?? false}
          onPageChange={params.setPage}
        />
        {data.meta.total_capped ? (
          <p className="text-sm text-muted-foreground">
            More than {data.meta.total.toLocaleString('en-US')} customers match. Narrow the search to page further.
          </p>
        ) : null}
      </div>
    )
  }

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-6">
      <PageHeader
        title="Customers"
        description="Everyone who owns a license. Search by name or email and open a customer for their licenses, devices and history."
        actions={
          canExport ? (
            <Button
              variant="outline"
              onClick={() => exportCsv.mutate({ search: params.query.search, sort: params.query.sort })}
              disabled={exportCsv.isPending}
              title={searching ? 'Download every customer matching the search as CSV' : 'Download every customer as CSV'}
            >
              {exportCsv.isPending ? <Spinner label="Exporting" /> : <Download aria-hidden="true" />}
              Export CSV
            </Button>
          ) : null
        }
      />
      <CustomerSearch value={params.search} onChange={params.setSearch} />
      {body}
    </div>
  )
}
