import { useQueryClient } from '@tanstack/react-query'
import { ArrowLeft, UserX } from 'lucide-react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { buttonVariants } from '@/components/ui/button-variants'
import { Card, CardContent, CardHeader } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { Skeleton } from '@/components/ui/skeleton'
import { useCan } from '@/hooks/use-can'
import { formatDate } from '@/lib/dates'
import { ApiError } from '@/lib/problem'
import { customerKeys } from '../api/keys'
import { useCustomer } from '@/api/customers/get-customer'
import { ActivationHistory } from '../components/activation-history'
import { ActivityTimeline } from '../components/activity-timeline'
import { CustomerProfile } from '../components/customer-profile'
import { CustomerStatusBadge } from '../components/customer-status-badge'
import { LicenseInventory } from '../components/license-inventory'
import { QuickActions } from '../components/quick-actions'

function listPath(state: unknown): string {
  const search = (state as { listSearch?: unknown } | null)?.listSearch
  return typeof search === 'string' && search.startsWith('?') ? `/admin/customers${search}` : '/admin/customers'
}

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading customer" aria-busy="true" className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-4 w-48" />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <Skeleton className="h-5 w-40" />
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            {Array.from({ length: 7 }, (_, i) => (
              <Skeleton key={i} className="h-4 w-full" />
            ))}
          </CardContent>
        </Card>
        <Skeleton className="h-72 w-full rounded-xl" />
      </div>
    </div>
  )
}

/** `/admin/customers/:id`: profile, licenses, activations, timeline and support actions for one customer. */
export function CustomerDetailPage() {
  const { id = '' } = useParams()
  const location = useLocation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const customer = useCustomer(id)
  const canAdmin = useCan('admin')
  const backTo = listPath(location.state)

  const back = (
    <Link to={backTo} className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
      <ArrowLeft aria-hidden="true" className="size-4" />
      Back to customers
    </Link>
  )

  let content
  let showBack = true
  if (customer.isPending) {
    content = <DetailSkeleton />
  } else if (customer.isError) {
    const notFound = customer.error instanceof ApiError && (customer.error.status === 404 || customer.error.status === 422)
    showBack = !notFound
    content = notFound ? (
      <EmptyState
        icon={UserX}
        title="Customer not found"
        action={
          <Link to="/admin/customers" className={buttonVariants({ variant: 'outline' })}>
            Back to customers
          </Link>
        }
      >
        There is no customer with the ID <code className="break-all font-mono">{id}</code>. They may have been deleted, or the
        link may be mistyped.
      </EmptyState>
    ) : (
      <ErrorState
        title="Could not load this customer"
        error={customer.error}
        onRetry={() => void customer.refetch()}
        retrying={customer.isFetching}
      />
    )
  } else {
    const c = customer.data
    const title = c.name?.trim() || c.email
    content = (
      <div className="flex flex-col gap-6">
        <PageHeader title={title} description={c.name?.trim() ? c.email : `Customer since ${formatDate(c.created_at)}`}>
          <div className="flex flex-wrap items-center gap-2 pt-1">
            <CustomerStatusBadge status={c.status} />
            {c.name?.trim() ? <span className="text-sm text-muted-foreground">Customer since {formatDate(c.created_at)}</span> : null}
          </div>
        </PageHeader>
        <div className="grid items-start gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <CustomerProfile customer={c} canEdit={canAdmin} />
          </div>
          <QuickActions
            customer={c}
            onDeleted={() => {
              navigate('/admin/customers', { replace: true })
              // After this page has unmounted, so nothing refetches the erased customer.
              setTimeout(() => queryClient.removeQueries({ queryKey: customerKeys.detail(c.id) }), 0)
            }}
          />
        </div>
        <LicenseInventory customer={c} />
        <ActivationHistory customer={c} />
        <ActivityTimeline customerId={c.id} />
      </div>
    )
  }

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-4">
      {showBack ? back : null}
      {content}
    </div>
  )
}
