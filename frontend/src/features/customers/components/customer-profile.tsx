import { ChevronDown } from 'lucide-react'
import { useState } from 'react'
import { YesNo } from '@/components/domain/yes-no'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { CopyButton } from '@/components/ui/copy-button'
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list'
import { DropdownMenu } from '@/components/ui/dropdown-menu'
import { RelativeTime } from '@/components/ui/relative-time'
import { formatDateTime } from '@/lib/dates'
import { formatNumber, pluralize } from '@/lib/format'
import { errorMessage } from '@/lib/problem'
import { statusLabel } from '@/lib/statuses'
import { toast } from '@/lib/toast'
import { useUpdateCustomer } from '../api/update-customer'
import type { CustomerDetail, CustomerStatus } from '../lib/types'
import { CustomerStatusBadge } from './customer-status-badge'
import { InlineNameEditor } from './inline-name-editor'

const STATUS_CHOICES: Array<{ status: CustomerStatus; label: string }> = [
  { status: 'active', label: 'Set active' },
  { status: 'inactive', label: 'Set inactive' },
  { status: 'suspended', label: 'Suspend' },
]

function Timestamp({ value, fallback = 'Never' }: { value: string | null | undefined; fallback?: string }) {
  if (!value) return <span className="text-muted-foreground">{fallback}</span>
  return (
    <span>
      <time dateTime={value}>{formatDateTime(value)}</time>
      <span className="text-muted-foreground">
        {' ('}
        <RelativeTime value={value} />)
      </span>
    </span>
  )
}

function licenseBreakdown(customer: CustomerDetail): string {
  const counts = customer.licenses_by_status
  const parts = (['active', 'assigned', 'expired', 'suspended', 'revoked'] as const)
    .filter((status) => counts[status] > 0)
    .map((status) => `${formatNumber(counts[status])} ${status}`)
  return parts.join(', ')
}

export interface CustomerProfileProps {
  customer: CustomerDetail
  /** Admin and up: edit the name, change the status. */
  canEdit: boolean
}

/** Section "Customer Profile": identity, account status, sign-in facts. */
export function CustomerProfile({ customer, canEdit }: CustomerProfileProps) {
  const [pendingStatus, setPendingStatus] = useState<CustomerStatus | null>(null)
  const update = useUpdateCustomer()

  const changeStatus = (status: CustomerStatus) => {
    update.mutate(
      { id: customer.id, changes: { status } },
      {
        onSuccess: () => setPendingStatus(null),
        onError: (error) => {
          if (!pendingStatus) toast.error(`Could not change the status: ${errorMessage(error)}`)
        },
      },
    )
  }

  const breakdown = licenseBreakdown(customer)

  return (
    <Card>
      <CardHeader>
        <CardTitle id="customer-profile-heading">Customer Profile</CardTitle>
        <CardDescription>The customer’s account in the client portal.</CardDescription>
      </CardHeader>
      <CardContent>
        <DescriptionList>
          <DescriptionItem label="Full name">
            <InlineNameEditor customerId={customer.id} name={customer.name} canEdit={canEdit} />
          </DescriptionItem>
          <DescriptionItem label="Email address">
            <span className="inline-flex min-w-0 items-center gap-1">
              <span className="break-all">{customer.email}</span>
              <CopyButton value={customer.email} label="email address" />
            </span>
            <p className="text-xs font-normal text-muted-foreground">
              Read-only: the email is the customer’s identity. To move a customer to a new address, transfer their
              licenses to it.
            </p>
          </DescriptionItem>
          <DescriptionItem label="Customer ID">
            <span className="inline-flex min-w-0 items-center gap-1">
              <code className="break-all rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{customer.id}</code>
              <CopyButton value={customer.id} label="customer ID" />
            </span>
          </DescriptionItem>
          <DescriptionItem label="Account status">
            <span className="inline-flex flex-wrap items-center gap-2">
              <CustomerStatusBadge status={customer.status} />
              {canEdit ? (
                <DropdownMenu
                  aria-label="Change account status"
                  variant="outline"
                  align="start"
                  items={STATUS_CHOICES.map(({ status, label }) => ({
                    label,
                    disabled: status === customer.status || update.isPending,
                    onSelect: () => {
                      update.reset()
                      if (status === 'active') changeStatus(status)
                      else setPendingStatus(status)
                    },
                  }))}
                >
                  Change status
                  <ChevronDown aria-hidden="true" />
                </DropdownMenu>
              ) : null}
            </span>
            {customer.status !== 'active' ? (
              <p className="text-xs font-normal text-muted-foreground">
                {statusLabel(customer.status)} customers cannot sign in to the client portal and get no emails from it.
              </p>
            ) : null}
          </DescriptionItem>
          <DescriptionItem label="Licenses">
            {pluralize(customer.license_count, 'license')}
            {breakdown ? <span className="text-muted-foreground"> ({breakdown})</span> : null}
            <span className="text-muted-foreground">
              {' · '}
              {pluralize(customer.active_activations, 'active activation')}
            </span>
          </DescriptionItem>
          <DescriptionItem label="Created">
            <Timestamp value={customer.created_at} />
          </DescriptionItem>
          <DescriptionItem label="Last login">
            <Timestamp value={customer.last_login_at} />
          </DescriptionItem>
          <DescriptionItem label="Email verified">
            <YesNo value={customer.email_verified} yes="Verified" no="Not Verified" />
            {customer.email_verified_at ? (
              <span className="text-xs font-normal text-muted-foreground"> on {formatDateTime(customer.email_verified_at)}</span>
            ) : null}
          </DescriptionItem>
          <DescriptionItem label="2FA enabled">
            <YesNo value={customer.two_factor_enabled} />
          </DescriptionItem>
          <DescriptionItem label="Portal password">
            {customer.password_set ? 'Set' : <span className="text-muted-foreground">Not set yet (invitation not accepted)</span>}
          </DescriptionItem>
        </DescriptionList>
      </CardContent>
      <ConfirmDialog
        open={pendingStatus !== null}
        onClose={() => setPendingStatus(null)}
        title={pendingStatus === 'suspended' ? 'Suspend this customer?' : 'Set this customer inactive?'}
        message={
          <>
            {customer.email} will not be able to sign in to the client portal until an admin sets the account active
            again. Their licenses keep working on activated devices; suspend or revoke licenses separately.
          </>
        }
        confirmLabel={pendingStatus === 'suspended' ? 'Suspend customer' : 'Set inactive'}
        destructive
        pending={update.isPending}
        error={update.error ? errorMessage(update.error) : undefined}
        onConfirm={() => {
          if (pendingStatus) changeStatus(pendingStatus)
        }}
      />
    </Card>
  )
}
