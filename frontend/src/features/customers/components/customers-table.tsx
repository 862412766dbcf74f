import { Eye } from 'lucide-react'
import { Link, useLocation, useNavigate } from 'react-router'
import { buttonVariants } from '@/components/ui/button-variants'
import { SortableHeader } from '@/components/ui/sortable-header'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatDate, formatDateTime } from '@/lib/dates'
import { cn } from '@/lib/utils'
import { displayName } from '../lib/display'
import type { Customer } from '../lib/types'
import { LicenseCountBadge } from './license-count-badge'

export interface CustomersTableProps {
  customers: Customer[]
  /** The effective sort (`name`, `-created_at`, …). */
  sort: string
  onSort: (sort: string) => void
  /** A newer page is loading (the rows shown are the previous ones). */
  stale?: boolean
}

/** The customer list: Name, Email, Licenses, Joined, Actions; rows open the detail page. */
export function CustomersTable({ customers, sort, onSort, stale = false }: CustomersTableProps) {
  const navigate = useNavigate()
  const location = useLocation()
  // The detail page's back link returns to this exact list (search, sort, page).
  const state = { listSearch: location.search }

  return (
    <Table aria-label="Customers" aria-busy={stale || undefined} className={cn(stale && 'opacity-60 transition-opacity')}>
      <TableHeader>
        <TableRow>
          <SortableHeader column="name" sort={sort} onSort={onSort}>
            Name
          </SortableHeader>
          <SortableHeader column="email" sort={sort} onSort={onSort}>
            Email
          </SortableHeader>
          <TableHead>Licenses</TableHead>
          <SortableHeader column="created_at" sort={sort} onSort={onSort}>
            Joined
          </SortableHeader>
          <TableHead className="text-right">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {customers.map((customer) => {
          const name = displayName(customer.name)
          const to = `/admin/customers/${encodeURIComponent(customer.id)}`
          return (
            <TableRow
              key={customer.id}
              data-customer-id={customer.id}
              aria-label={`View ${name === 'N/A' ? customer.email : name}`}
              onActivate={() => navigate(to, { state })}
            >
              <TableCell className={cn('font-semibold', !customer.name?.trim() && 'text-muted-foreground')}>{name}</TableCell>
              <TableCell className="text-muted-foreground">{customer.email}</TableCell>
              <TableCell>
                <LicenseCountBadge count={customer.license_count} />
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                <time dateTime={customer.created_at} title={formatDateTime(customer.created_at)}>
                  {formatDate(customer.created_at)}
                </time>
              </TableCell>
              <TableCell className="text-right">
                <Link
                  to={to}
                  state={state}
                  aria-label={`View ${customer.email}`}
                  className={buttonVariants({ variant: 'ghost', size: 'sm' })}
                >
                  <Eye aria-hidden="true" />
                  View
                </Link>
              </TableCell>
            </TableRow>
          )
        })}
      </TableBody>
    </Table>
  )
}
