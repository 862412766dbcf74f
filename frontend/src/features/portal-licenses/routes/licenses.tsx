import { KeyRound } from 'lucide-react'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { Skeleton } from '@/components/ui/skeleton'
import { useListParams } from '@/hooks/use-list-params'
import { usePortalLicenses } from '../api/list-licenses'
import { LicenseCard } from '../components/license-card'

/** `/portal/licenses`: My licenses. */
export function PortalLicensesPage() {
  const params = useListParams({ defaultPerPage: 20 })
  const query = { page: params.query.page, per_page: params.query.per_page }
  const licenses = usePortalLicenses(query)

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="My licenses" description="Your license keys, whether they work, and how many devices use them." />
      {licenses.isError ? (
        <ErrorState error={licenses.error} onRetry={() => void licenses.refetch()} retrying={licenses.isFetching} />
      ) : !licenses.data ? (
        <div className="grid gap-4 md:grid-cols-2" aria-busy="true">
          <Skeleton className="h-64" />
          <Skeleton className="h-64" />
        </div>
      ) : licenses.data.data.length === 0 ? (
        <EmptyState icon={KeyRound} title="No licenses yet">
          When a vendor assigns a license to your email address, it shows up here with its key.
        </EmptyState>
      ) : (
        <>
          <div className="grid gap-4 md:grid-cols-2">
            {licenses.data.data.map((license) => (
              <LicenseCard key={license.id} license={license} />
            ))}
          </div>
          {licenses.data.meta.total > params.perPage || params.page > 1 ? (
            <Pagination page={params.page} perPage={params.perPage} total={licenses.data.meta.total} onPageChange={params.setPage} />
          ) : null}
        </>
      )}
    </div>
  )
}
