import { Clock, Power } from 'lucide-react'
import { Link } from 'react-router'
import { ActivationStatusBadge } from '@/components/domain/activation-status-badge'
import { MadeForNote } from '@/components/domain/made-for-note'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { SortableHeader } from '@/components/ui/sortable-header'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatDate, formatDateTime } from '@/lib/dates'
import { maskKey } from '@/lib/mask'
import type { Activation } from '../api/types'
import { looksAbandoned, STALE_WARNING_DAYS } from '../lib/activation-filters'
import { customerLabel, kindLabel, licenseSearchPath, shortKey } from '../lib/activation-format'
import { KindIcon } from './kind-badge'

export interface ActivationsTableProps {
  rows: Activation[]
  sort: string | null
  onSort: (sort: string) => void
  canDeactivate: boolean
  onDetails: (activation: Activation) => void
  onDeactivate: (activation: Activation) => void
  /** When the rows were fetched (ms), to flag devices not verified for 30+ days. */
  now: number
}

export function ActivationsTable({ rows, sort, onSort, canDeactivate, onDetails, onDeactivate, now }: ActivationsTableProps) {
  return (
    <Table aria-label="Activations" className="[&_td]:px-3 [&_th]:px-3">
      <TableHeader>
        <TableRow>
          <TableHead>Identifier</TableHead>
          <TableHead>License</TableHead>
          <TableHead>Customer</TableHead>
          <TableHead>IP address</TableHead>
          <TableHead>Status</TableHead>
          <SortableHeader column="activated_at" sort={sort} onSort={onSort}>
            Activated
          </SortableHeader>
          <SortableHeader column="last_verified_at" sort={sort} onSort={onSort}>
            Last verified
          </SortableHeader>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((a) => {
          const abandoned = looksAbandoned(a, now)
          return (
            <TableRow key={a.id} onActivate={() => onDetails(a)} aria-label={`View activation ${a.identifier}`} data-activation-id={a.id}>
              <TableCell>
                <div className="flex max-w-44 flex-col gap-0.5">
                  <span className="truncate font-mono text-xs" title={a.identifier}>
                    {a.identifier}
                  </span>
                  <span className="flex min-w-0 items-center gap-1 text-xs text-muted-foreground">
                    <KindIcon kind={a.kind} />
                    <span className="truncate" title={[a.name, a.platform].filter(Boolean).join(' · ') || undefined}>
                      {[a.name, a.platform].filter(Boolean).join(' · ') || kindLabel(a.kind)}
                    </span>
                  </span>
                </div>
              </TableCell>
              <TableCell>
                <div className="flex flex-col gap-0.5">
                  <Link
                    to={licenseSearchPath(a.license_key)}
                    className="w-fit whitespace-nowrap rounded font-mono text-xs text-primary underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                    aria-label={`License ${maskKey(a.license_key)}`}
                    title="Open in licenses"
                  >
                    {shortKey(a.license_key)}
                  </Link>
                  <Link to={`/admin/products/${a.product_id}`} className="w-fit max-w-40 truncate text-xs text-muted-foreground hover:text-foreground hover:underline">
                    {a.product_name}
                  </Link>
                </div>
              </TableCell>
              <TableCell>
                {a.customer_id ? (
                  <Link
                    to={`/admin/customers/${a.customer_id}`}
                    className="block max-w-44 truncate text-primary underline-offset-4 hover:underline"
                    title={a.customer_email ?? undefined}
                  >
                    {customerLabel(a)}
                  </Link>
                ) : (
                  <span className="text-muted-foreground">Unassigned</span>
                )}
                <MadeForNote activation={a} />
              </TableCell>
              <TableCell>
                {a.ip_address ? (
                  <span className="block max-w-28 truncate font-mono text-xs" title={a.ip_address}>
                    {a.ip_address}
                  </span>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell>
                <ActivationStatusBadge status={a.status} />
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <time dateTime={a.activated_at} title={formatDateTime(a.activated_at)}>
                  {formatDate(a.activated_at)}
                </time>
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <span className={abandoned ? 'inline-flex items-center gap-1 text-amber-700 dark:text-amber-400' : undefined}>
                  {abandoned ? <Clock aria-hidden="true" className="size-3.5" /> : null}
                  <RelativeTime value={a.last_verified_at} className={abandoned ? 'text-inherit' : undefined} />
                  {abandoned ? <span className="sr-only">, not verified for {STALE_WARNING_DAYS}+ days</span> : null}
                </span>
              </TableCell>
              <TableCell className="text-right">
                {canDeactivate && a.status === 'active' ? (
                  <Button
                    variant="outline"
                    size="sm"
                    className="px-2 2xl:px-3"
                    aria-label={`Deactivate ${a.identifier}`}
                    title="Deactivate: free this slot"
                    onClick={() => onDeactivate(a)}
                  >
                    <Power aria-hidden="true" />
                    {/* The text shows on wide screens; narrower ones keep the icon (the name stays in aria-label). */}
                    <span className="hidden 2xl:inline">Deactivate</span>
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          )
        })}
      </TableBody>
    </Table>
  )
}
