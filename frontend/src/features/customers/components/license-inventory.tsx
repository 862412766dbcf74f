import { Eye, KeyRound, MoreHorizontal, Pencil, Plus, ArrowRightLeft, Ban, ExternalLink } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { ActivationsCell } from '@/components/domain/activations-cell'
import { LicenseStatusBadge } from '@/components/domain/license-status-badge'
import { MaskedKey } from '@/components/domain/masked-key'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { DropdownMenu, type DropdownMenuItem } from '@/components/ui/dropdown-menu'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { Pagination } from '@/components/ui/pagination'
import { TableSkeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { useCan } from '@/hooks/use-can'
import { formatDate, formatDateTime } from '@/lib/dates'
import { pluralize } from '@/lib/format'
import { maskKey } from '@/lib/mask'
import { errorMessage } from '@/lib/problem'
import { cn } from '@/lib/utils'
import { LICENSES_PER_PAGE, useCustomerLicenses } from '../api/customer-licenses'
import { useRevokeLicense } from '@/api/licenses/revoke-license'
import { transferable } from '../lib/display'
import type { CustomerDetail, License } from '../lib/types'
import { useSectionParams } from '../lib/use-section-params'
import { AssignLicenseDialog } from './assign-license-dialog'
import { EditLicenseDialog } from './edit-license-dialog'
import { LicenseDetailsDialog } from './license-details-dialog'

/** Section "License Inventory": every license the customer owns, 15 per page. */
export function LicenseInventory({ customer }: { customer: CustomerDetail }) {
  const section = useSectionParams('licenses')
  const query = { page: section.page, per_page: LICENSES_PER_PAGE }
  const licenses = useCustomerLicenses(customer.id, query)
  const canOperate = useCan('operator')
  const canAdmin = useCan('admin')
  const revoke = useRevokeLicense()

  const [viewing, setViewing] = useState<License | null>(null)
  const [editing, setEditing] = useState<License | null>(null)
  const [revoking, setRevoking] = useState<License | null>(null)
  const [assigning, setAssigning] = useState(false)

  const data = licenses.data
  const filterLink = `/admin/licenses?customer_id=${encodeURIComponent(customer.id)}`

  let body
  if (licenses.isPending) {
    body = <TableSkeleton rows={3} cols={7} label="Loading licenses" />
  } else if (licenses.isError && !data) {
    body = (
      <ErrorState
        title="Could not load the licenses"
        error={licenses.error}
        onRetry={() => void licenses.refetch()}
        retrying={licenses.isFetching}
      />
    )
  } else if (data && data.data.length === 0 && data.meta.total === 0) {
    body = (
      <EmptyState
        icon={KeyRound}
        title="No licenses"
        action={
          canAdmin ? (
            <Button variant="outline" onClick={() => setAssigning(true)}>
              <Plus aria-hidden="true" />
              Assign New License
            </Button>
          ) : null
        }
      >
        This customer owns no licenses now. Licenses that were transferred, unassigned or deleted no longer show here; the
        Activity Timeline keeps their history.
      </EmptyState>
    )
  } else if (data && data.data.length === 0) {
    body = (
      <EmptyState
        title="No licenses on this page"
        action={
          <Button variant="outline" onClick={() => section.setPage(1)}>
            Go to the first page
          </Button>
        }
      />
    )
  } else if (data) {
    body = (
      <>
        <Table
          aria-label="License inventory"
          className={cn(
            '[&_td]:px-3 [&_th]:px-3',
            licenses.isPlaceholderData && licenses.isFetching && 'opacity-60 transition-opacity',
          )}
        >
          <TableHeader>
            <TableRow>
              <TableHead>License Key</TableHead>
              <TableHead>Product</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Expiry</TableHead>
              <TableHead>Activations</TableHead>
              <TableHead>Created</TableHead>
              <TableHead className="text-right">Actions</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.data.map((license) => {
              const masked = maskKey(license.key)
              const items: DropdownMenuItem[] = []
              // Admins edit any license that is not revoked; an operator's only edit is a transfer,
              // which the server allows for assigned/active licenses only.
              if (canAdmin || (canOperate && transferable(license))) {
                items.push({
                  label: canAdmin ? 'Edit' : 'Transfer',
                  icon: canAdmin ? Pencil : ArrowRightLeft,
                  onSelect: () => setEditing(license),
                  disabled: license.status === 'revoked',
                })
              }
              if (canAdmin) {
                items.push({
                  label: 'Revoke',
                  icon: Ban,
                  destructive: true,
                  onSelect: () => {
                    revoke.reset()
                    setRevoking(license)
                  },
                  disabled: license.status === 'revoked',
                })
              }
              return (
                <TableRow key={license.id} data-license-id={license.id} aria-label={`License ${masked}`}>
                  <TableCell className="max-w-[16rem] [&_code]:whitespace-normal [&_code]:break-words">
                    <MaskedKey value={license.key} />
                  </TableCell>
                  <TableCell className="min-w-[8rem] font-medium">{license.product_name}</TableCell>
                  <TableCell>
                    <LicenseStatusBadge status={license.status} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {license.expires_at ? (
                      <time dateTime={license.expires_at} title={formatDateTime(license.expires_at)}>
                        {formatDate(license.expires_at)}
                      </time>
                    ) : (
                      'Never'
                    )}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    <ActivationsCell used={license.activations_used} max={license.max_activations} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <time dateTime={license.created_at} title={formatDateTime(license.created_at)}>
                      {formatDate(license.created_at)}
                    </time>
                  </TableCell>
                  <TableCell className="text-right">
                    <span className="inline-flex items-center justify-end gap-1">
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={`View Details of license ${masked}`}
                        onClick={() => setViewing(license)}
                      >
                        <Eye aria-hidden="true" />
                        View Details
                      </Button>
                      {items.length > 0 ? (
                        <DropdownMenu items={items} aria-label={`More actions for license ${masked}`} size="icon" className="size-8">
                          <MoreHorizontal aria-hidden="true" />
                        </DropdownMenu>
                      ) : null}
                    </span>
                  </TableCell>
                </TableRow>
              )
            })}
          </TableBody>
        </Table>
        <Pagination
          page={data.meta.page}
          perPage={data.meta.per_page}
          total={data.meta.total}
          onPageChange={section.setPage}
        />
      </>
    )
  }

  return (
    <Card aria-labelledby="license-inventory-heading" role="region">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1.5">
          <CardTitle id="license-inventory-heading">License Inventory</CardTitle>
          <CardDescription>
            {data ? `${pluralize(data.meta.total, 'license')} owned by this customer, in every state.` : 'Every license this customer owns.'}
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canAdmin ? (
            <Button onClick={() => setAssigning(true)}>
              <Plus aria-hidden="true" />
              Assign New License
            </Button>
          ) : null}
          <Link to={filterLink} className={buttonVariants({ variant: 'outline' })}>
            <ExternalLink aria-hidden="true" />
            View All in Licenses Page
          </Link>
        </div>
      </CardHeader>
      <CardContent>{body}</CardContent>

      <LicenseDetailsDialog license={viewing} onClose={() => setViewing(null)} />
      <EditLicenseDialog
        license={editing}
        onClose={() => setEditing(null)}
        canEditSettings={canAdmin}
        canTransfer={canOperate && editing !== null && transferable(editing)}
      />
      <AssignLicenseDialog open={assigning} onClose={() => setAssigning(false)} customerEmail={customer.email} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke this license?"
        message={
          revoking ? (
            <>
              <span className="font-mono">{maskKey(revoking.key)}</span> ({revoking.product_name}) stops working at once
              and its {pluralize(revoking.activations_used, 'active device')} are deactivated. Revoking is permanent: the
              license cannot be reinstated, renewed or assigned again.
            </>
          ) : null
        }
        confirmLabel="Revoke license"
        destructive
        reason={{ label: 'Reason', placeholder: 'e.g. Chargeback on order A-1042' }}
        pending={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error) : undefined}
        onConfirm={({ reason }) => {
          if (!revoking) return
          revoke.mutate({ id: revoking.id, reason: reason || undefined }, { onSuccess: () => setRevoking(null) })
        }}
      />
    </Card>
  )
}
