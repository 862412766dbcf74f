import { ExternalLink, MonitorSmartphone, Power } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { ActivationStatusBadge } from '@/components/domain/activation-status-badge'
import { MadeForNote } from '@/components/domain/made-for-note'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { Label } from '@/components/ui/label'
import { Pagination } from '@/components/ui/pagination'
import { RelativeTime } from '@/components/ui/relative-time'
import { Select } from '@/components/ui/select'
import { TableSkeleton } from '@/components/ui/skeleton'
import { SortableHeader } from '@/components/ui/sortable-header'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { useCan } from '@/hooks/use-can'
import type { ActivationStatus } from '@/lib/api/types'
import { formatDate, formatDateTime } from '@/lib/dates'
import { pluralize } from '@/lib/format'
import { maskKey } from '@/lib/mask'
import { errorMessage } from '@/lib/problem'
import { ACTIVATION_STATUSES, statusLabel } from '@/lib/statuses'
import { cn } from '@/lib/utils'
import { ACTIVATIONS_PER_PAGE, useCustomerActivations } from '../api/customer-activations'
import { useDeactivateActivation } from '@/api/activations/deactivate-activation'
import { shortKey } from '../lib/display'
import type { Activation, CustomerActivationsQuery, CustomerDetail } from '../lib/types'
import { useSectionParams } from '../lib/use-section-params'

const DEFAULT_SORT = '-activated_at'

/** A license key as `PRO-…-C8RVN`, wrapping after the ellipsis when narrow; the masked key as tooltip. */
function ShortKey({ value }: { value: string }) {
  const short = shortKey(value)
  const cut = short.indexOf('…')
  return (
    <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs" title={maskKey(value)}>
      {cut >= 0 ? (
        <>
          <span className="whitespace-nowrap">{short.slice(0, cut + 2)}</span>
          <wbr />
          <span className="whitespace-nowrap">{short.slice(cut + 2)}</span>
        </>
      ) : (
        short
      )}
    </code>
  )
}

/** "Domain · Office iMac · macOS 15", leaving out a name that only repeats the identifier. */
function deviceSubtitle(activation: Activation): string {
  return [
    activation.kind === 'domain' ? 'Domain' : null,
    activation.name && activation.name !== activation.identifier ? activation.name : null,
    activation.platform,
  ]
    .filter(Boolean)
    .join(' · ')
}

function isActivationStatus(value: string | null): value is ActivationStatus {
  return value !== null && (ACTIVATION_STATUSES as readonly string[]).includes(value)
}

/** Section "Activation History": the devices and domains of the customer's licenses, with Deactivate. */
export function ActivationHistory({ customer }: { customer: CustomerDetail }) {
  const section = useSectionParams('activations')
  const rawStatus = section.get('status')
  const status = isActivationStatus(rawStatus) ? rawStatus : undefined
  const sort = section.get('sort') || DEFAULT_SORT
  const query: CustomerActivationsQuery = { page: section.page, per_page: ACTIVATIONS_PER_PAGE }
  if (status) query.status = status
  if (sort !== DEFAULT_SORT) query.sort = sort
  const activations = useCustomerActivations(customer.id, query)
  const canDeactivate = useCan('operator')
  const deactivate = useDeactivateActivation()
  const [target, setTarget] = useState<Activation | null>(null)
  // "5 minutes ago" is measured from when the list arrived.
  const now = activations.dataUpdatedAt || undefined

  const data = activations.data
  const filterLink = `/admin/activations?customer_id=${encodeURIComponent(customer.id)}`

  let body
  if (activations.isPending) {
    body = <TableSkeleton rows={3} cols={8} label="Loading activations" />
  } else if (activations.isError && !data) {
    body = (
      <ErrorState
        title="Could not load the activations"
        error={activations.error}
        onRetry={() => void activations.refetch()}
        retrying={activations.isFetching}
      />
    )
  } else if (data && data.data.length === 0) {
    body =
      data.meta.total > 0 ? (
        <EmptyState
          title="No activations on this page"
          action={
            <Button variant="outline" onClick={() => section.setPage(1)}>
              Go to the first page
            </Button>
          }
        />
      ) : (
        <EmptyState
          icon={MonitorSmartphone}
          title={status ? `No ${status} activations` : 'No activations yet'}
          action={
            status ? (
              <Button variant="outline" onClick={() => section.set({ status: null })}>
                Show all activations
              </Button>
            ) : null
          }
        >
          {status ? null : 'None of this customer’s licenses has been activated on a device or domain.'}
        </EmptyState>
      )
  } else if (data) {
    body = (
      <>
        <Table
          aria-label="Activation history"
          className={cn(
            '[&_td]:px-3 [&_th]:px-3',
            activations.isPlaceholderData && activations.isFetching && 'opacity-60 transition-opacity',
          )}
        >
          <TableHeader>
            <TableRow>
              <TableHead>License Key</TableHead>
              <TableHead>Product</TableHead>
              <TableHead>Device Identifier</TableHead>
              <TableHead>IP Address</TableHead>
              <TableHead>Status</TableHead>
              <SortableHeader column="activated_at" sort={sort} onSort={(next) => section.set({ sort: next === DEFAULT_SORT ? null : next })}>
                Activated
              </SortableHeader>
              <SortableHeader column="last_verified_at" sort={sort} onSort={(next) => section.set({ sort: next })}>
                Last Verified
              </SortableHeader>
              <TableHead className="text-right">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.data.map((activation) => (
              <TableRow key={activation.id} data-activation-id={activation.id} aria-label={`Activation ${activation.identifier}`}>
                <TableCell>
                  <ShortKey value={activation.license_key} />
                </TableCell>
                <TableCell>{activation.product_name}</TableCell>
                <TableCell className="max-w-[14rem]">
                  <div className="break-all font-mono text-xs">{activation.identifier}</div>
                  {deviceSubtitle(activation) ? (
                    <div className="text-xs text-muted-foreground">{deviceSubtitle(activation)}</div>
                  ) : null}
                  <MadeForNote activation={activation} />
                </TableCell>
                <TableCell className="whitespace-nowrap font-mono text-xs">
                  {activation.ip_address ?? <span className="font-sans text-muted-foreground">—</span>}
                </TableCell>
                <TableCell>
                  <ActivationStatusBadge status={activation.status} />
                  {activation.status === 'inactive' && activation.deactivated_at ? (
                    <div className="mt-1 whitespace-nowrap text-xs text-muted-foreground">
                      since {formatDate(activation.deactivated_at)}
                    </div>
                  ) : null}
                  {activation.status === 'inactive' && activation.deactivation_reason ? (
                    <div className="line-clamp-2 max-w-[12rem] text-xs text-muted-foreground" title={activation.deactivation_reason}>
                      {activation.deactivation_reason}
                    </div>
                  ) : null}
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  <time dateTime={activation.activated_at} title={formatDateTime(activation.activated_at)}>
                    {formatDate(activation.activated_at)}
                  </time>
                </TableCell>
                <TableCell className="whitespace-nowrap" data-column="last-verified">
                  <RelativeTime value={activation.last_verified_at} now={now} />
                </TableCell>
                <TableCell className="text-right">
                  {canDeactivate && activation.status === 'active' ? (
                    <Button
                      variant="outline"
                      size="sm"
                      aria-label={`Deactivate ${activation.identifier}`}
                      onClick={() => {
                        deactivate.reset()
                        setTarget(activation)
                      }}
                    >
                      <Power aria-hidden="true" />
                      Deactivate
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
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
    <Card aria-labelledby="activation-history-heading" role="region">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1.5">
          <CardTitle id="activation-history-heading">Activation History</CardTitle>
          <CardDescription>
            Devices and domains bound to this customer’s licenses ({pluralize(customer.active_activations, 'active activation')}).
            A device that has not checked in for weeks is likely abandoned.
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <div className="flex flex-col gap-1">
            <Label htmlFor="activation-status-filter" className="text-xs text-muted-foreground">
              Status
            </Label>
            <Select
              id="activation-status-filter"
              value={status ?? ''}
              onChange={(event) => section.set({ status: event.target.value || null })}
              className="w-36"
            >
              <option value="">All</option>
              {ACTIVATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </Select>
          </div>
          <Link to={filterLink} className={buttonVariants({ variant: 'outline' })}>
            <ExternalLink aria-hidden="true" />
            View in Activations
          </Link>
        </div>
      </CardHeader>
      <CardContent>{body}</CardContent>
      <ConfirmDialog
        open={target !== null}
        onClose={() => setTarget(null)}
        title={target ? `Deactivate ${target.identifier}?` : 'Deactivate?'}
        message={
          target ? (
            <>
              The {target.kind === 'domain' ? 'domain' : 'device'} loses license {maskKey(target.license_key)} at its next
              check, and the slot is freed at once so the customer can activate another one. Last verified:{' '}
              <RelativeTime value={target.last_verified_at} />.
            </>
          ) : null
        }
        confirmLabel="Deactivate"
        destructive
        reason={{ label: 'Reason', placeholder: 'e.g. Abandoned device, 45 days without a check-in' }}
        pending={deactivate.isPending}
        error={deactivate.error ? errorMessage(deactivate.error) : undefined}
        onConfirm={({ reason }) => {
          if (!target) return
          deactivate.mutate({ id: target.id, reason: reason || undefined }, { onSuccess: () => setTarget(null) })
        }}
      />
    </Card>
  )
}
