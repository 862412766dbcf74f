import { Link } from 'react-router'
import { ActivationsCell } from '@/components/domain/activations-cell'
import { LicenseStatusBadge } from '@/components/domain/license-status-badge'
import { MaskedKey } from '@/components/domain/masked-key'
import { Checkbox } from '@/components/ui/checkbox'
import { SortableHeader } from '@/components/ui/sortable-header'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import type { AdminRole } from '@/lib/api/types'
import { formatDate, formatDateTime } from '@/lib/dates'
import { maskKey } from '@/lib/mask'
import { cn } from '@/lib/utils'
import type { License } from '../api/types'
import { licenseActions, type LicenseActionKind } from '../lib/actions'
import { expiryLabel } from '../lib/license-display'
import { pageSelectionState, type Selection } from '../lib/selection'
import { LicenseActionsMenu } from './license-actions-menu'

export interface LicensesTableProps {
  licenses: License[]
  sort: string | null
  onSort: (sort: string) => void
  /** Null hides the checkboxes (nothing to do in bulk without the operator role). */
  selection: Selection | null
  onToggle: (license: License, checked: boolean) => void
  onTogglePage: (checked: boolean) => void
  onView: (license: License) => void
  onAction: (kind: LicenseActionKind, license: License) => void
  can: (min: AdminRole) => boolean
}

// The actions column stays in view when a narrow screen scrolls the table sideways.
const STICKY = 'sticky right-0 z-[1] bg-card'
const STICKY_ROW =
  'group-hover/row:bg-[color-mix(in_oklab,var(--muted)_50%,var(--card))] group-data-[state=selected]/row:bg-muted'
const HEAD_BG = 'bg-[color-mix(in_oklab,var(--muted)_50%,var(--card))]'

function isPast(iso: string | null | undefined): boolean {
  return !!iso && new Date(iso).getTime() <= Date.now()
}

/** The license list: key, product, customer, status, activations, expiry, created, actions. */
export function LicensesTable({ licenses, sort, onSort, selection, onToggle, onTogglePage, onView, onAction, can }: LicensesTableProps) {
  const pageState = selection ? pageSelectionState(selection, licenses) : null
  return (
    <Table>
      <TableHeader>
        <TableRow className="[&>th]:px-3">
          {pageState ? (
            <TableHead className="w-10 pr-0">
              <Checkbox
                aria-label="Select all licenses on this page"
                checked={pageState.checked}
                indeterminate={pageState.indeterminate}
                onChange={(e) => onTogglePage(e.target.checked)}
              />
            </TableHead>
          ) : null}
          <SortableHeader column="key" sort={sort} onSort={onSort}>
            Key
          </SortableHeader>
          <TableHead>Product</TableHead>
          <TableHead>Customer</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Activations</TableHead>
          <SortableHeader column="expires_at" sort={sort} onSort={onSort}>
            Expires
          </SortableHeader>
          <SortableHeader column="created_at" sort={sort} onSort={onSort}>
            Created
          </SortableHeader>
          <TableHead className={cn('w-12', STICKY, HEAD_BG)}>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {licenses.map((license) => {
          const selected = selection?.has(license.id) ?? false
          // Accessible names carry the masked key only: the full key is behind MaskedKey's reveal.
          const masked = maskKey(license.key)
          const expired = license.status === 'expired' || (license.expires_at && isPast(license.expires_at))
          return (
            <TableRow
              key={license.id}
              onActivate={() => onView(license)}
              aria-label={`View license ${masked}`}
              data-state={selected ? 'selected' : undefined}
              data-license-id={license.id}
              className="group/row [&>td]:px-3"
            >
              {selection ? (
                <TableCell className="w-10 pr-0">
                  <Checkbox
                    aria-label={`Select license ${masked}`}
                    checked={selected}
                    onChange={(e) => onToggle(license, e.target.checked)}
                  />
                </TableCell>
              ) : null}
              <TableCell>
                <MaskedKey value={license.key} className="max-w-56" />
              </TableCell>
              <TableCell className="max-w-36 truncate" title={license.product_name}>
                {license.product_name}
              </TableCell>
              <TableCell className="max-w-52">
                {license.customer_id ? (
                  <div className="flex min-w-0 flex-col">
                    <Link
                      to={`/admin/customers/${license.customer_id}`}
                      className="truncate font-medium underline-offset-4 hover:underline"
                      title={license.customer_email ?? undefined}
                    >
                      {license.customer_email ?? 'Deleted customer'}
                    </Link>
                    {license.customer_name ? (
                      <span className="truncate text-xs text-muted-foreground">{license.customer_name}</span>
                    ) : null}
                  </div>
                ) : (
                  <span className="text-muted-foreground">Unassigned</span>
                )}
              </TableCell>
              <TableCell>
                <LicenseStatusBadge status={license.status} />
              </TableCell>
              <TableCell>
                <ActivationsCell used={license.activations_used} max={license.max_activations} />
              </TableCell>
              <TableCell className={cn('whitespace-nowrap', expired && 'text-muted-foreground')}>
                {license.expires_at ? (
                  <time dateTime={license.expires_at} title={formatDateTime(license.expires_at)}>
                    {expiryLabel(license)}
                  </time>
                ) : (
                  expiryLabel(license)
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <time dateTime={license.created_at} title={formatDateTime(license.created_at)}>
                  {formatDate(license.created_at)}
                </time>
              </TableCell>
              <TableCell className={cn('w-12 text-right', STICKY, STICKY_ROW)}>
                <LicenseActionsMenu
                  license={license}
                  actions={licenseActions(license, can)}
                  onView={() => onView(license)}
                  onAction={(kind) => onAction(kind, license)}
                />
              </TableCell>
            </TableRow>
          )
        })}
      </TableBody>
    </Table>
  )
}
