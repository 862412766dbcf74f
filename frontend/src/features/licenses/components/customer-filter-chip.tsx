import { User, X } from 'lucide-react'
import { Link } from 'react-router'
import { Skeleton } from '@/components/ui/skeleton'
import { useCustomer } from '@/api/customers/get-customer'
import { ApiError } from '@/lib/problem'

/**
 * The `customer_id` filter as a removable chip with the customer's email (links from the
 * customer page open the list this way).
 */
export function CustomerFilterChip({ customerId, onRemove }: { customerId: string; onRemove: () => void }) {
  const customer = useCustomer(customerId, { staleTime: 60_000 })
  const notFound = customer.error instanceof ApiError && customer.error.status === 404
  const label = customer.data?.email ?? (notFound ? 'Unknown customer' : customer.isError ? customerId : null)
  return (
    <div className="inline-flex max-w-full items-center gap-1.5 rounded-full border border-border bg-muted/60 py-1 pl-3 pr-1 text-sm">
      <User aria-hidden="true" className="size-3.5 shrink-0 text-muted-foreground" />
      <span className="text-muted-foreground">Customer:</span>
      {label === null ? (
        <Skeleton className="h-4 w-40" />
      ) : customer.data ? (
        <Link to={`/admin/customers/${customerId}`} className="truncate font-medium underline-offset-4 hover:underline">
          {label}
        </Link>
      ) : (
        <span className="truncate font-medium" title={customerId}>
          {label}
        </span>
      )}
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove customer filter${customer.data ? ` ${customer.data.email}` : ''}`}
        className="ml-0.5 rounded-full p-1 text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <X aria-hidden="true" className="size-3.5" />
      </button>
    </div>
  )
}
