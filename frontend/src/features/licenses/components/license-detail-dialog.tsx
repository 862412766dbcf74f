import { Activity, User } from 'lucide-react'
import { Link } from 'react-router'
import { ActivationsCell } from '@/components/domain/activations-cell'
import { LicenseStatusBadge } from '@/components/domain/license-status-badge'
import { MaskedKey } from '@/components/domain/masked-key'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list'
import { Dialog } from '@/components/ui/dialog'
import { ErrorState } from '@/components/ui/error-state'
import { Skeleton } from '@/components/ui/skeleton'
import type { AdminRole } from '@/lib/api/types'
import { formatDateTime, formatRelative } from '@/lib/dates'
import { ApiError } from '@/lib/problem'
import { cn } from '@/lib/utils'
import { useLicense } from '@/api/licenses/get-license'
import type { License } from '../api/types'
import { ACTION_LABELS, DESTRUCTIVE_ACTIONS, licenseActions, type LicenseActionKind } from '../lib/actions'
import { expiryLabel } from '../lib/license-display'
import { ACTION_ICONS } from './action-icons'

export interface LicenseDetailDialogProps {
  licenseId: string | null
  /** The list row, shown at once while the fresh copy loads. */
  initial?: License
  onClose: () => void
  onAction: (kind: LicenseActionKind, license: License) => void
  can: (min: AdminRole) => boolean
}

function When({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="text-muted-foreground">—</span>
  return (
    <time dateTime={value} title={formatRelative(value)}>
      {formatDateTime(value)}
    </time>
  )
}

/** Every field of one license, links to its customer and activations, and its actions. */
export function LicenseDetailDialog({ licenseId, initial, onClose, onAction, can }: LicenseDetailDialogProps) {
  const query = useLicense(licenseId, { initial })
  const license = query.data
  const notFound = query.error instanceof ApiError && query.error.status === 404
  return (
    <Dialog open={!!licenseId} onClose={onClose} size="lg" title="License details" description={license?.product_name}>
      {license ? (
        <LicenseDetail license={license} onAction={onAction} can={can} />
      ) : query.isError ? (
        <ErrorState
          error={query.error}
          title={notFound ? 'This license does not exist' : 'Could not load the license'}
          onRetry={notFound ? undefined : () => void query.refetch()}
          retrying={query.isFetching}
        />
      ) : (
        <div role="status" aria-label="Loading license" className="flex flex-col gap-3">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-5 w-full" />
          ))}
        </div>
      )}
    </Dialog>
  )
}

function LicenseDetail({
  license,
  onAction,
  can,
}: {
  license: License
  onAction: (kind: LicenseActionKind, license: License) => void
  can: (min: AdminRole) => boolean
}) {
  const actions = licenseActions(license, can)
  const metadata = license.metadata && typeof license.metadata === 'object' && Object.keys(license.metadata).length ? license.metadata : null
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <MaskedKey value={license.key} className="max-w-full" />
        <LicenseStatusBadge status={license.status} />
      </div>
      <div className="flex flex-wrap gap-2">
        {license.customer_id ? (
          <Link to={`/admin/customers/${license.customer_id}`} className={buttonVariants({ variant: 'outline', size: 'sm' })}>
            <User aria-hidden="true" />
            View customer
          </Link>
        ) : null}
        <Link
          to={`/admin/activations?license_id=${encodeURIComponent(license.id)}`}
          className={buttonVariants({ variant: 'outline', size: 'sm' })}
        >
          <Activity aria-hidden="true" />
          View activations
        </Link>
      </div>
      <DescriptionList>
        <DescriptionItem label="Product">
          <Link to={`/admin/products/${license.product_id}`} className="underline-offset-4 hover:underline">
            {license.product_name}
          </Link>
        </DescriptionItem>
        <DescriptionItem label="Customer">
          {license.customer_id ? (
            <Link to={`/admin/customers/${license.customer_id}`} className="underline-offset-4 hover:underline">
              {license.customer_email ?? 'Deleted customer'}
              {license.customer_name ? <span className="font-normal text-muted-foreground"> ({license.customer_name})</span> : null}
            </Link>
          ) : (
            <span className="text-muted-foreground">Unassigned</span>
          )}
        </DescriptionItem>
        <DescriptionItem label="Activations">
          <ActivationsCell used={license.activations_used} max={license.max_activations} />
        </DescriptionItem>
        <DescriptionItem label="Expires">
          {license.expires_at ? <When value={license.expires_at} /> : expiryLabel(license)}
        </DescriptionItem>
        <DescriptionItem label="Validity">
          {license.validity_days ? `${license.validity_days} days from assignment` : <span className="text-muted-foreground">—</span>}
        </DescriptionItem>
        <DescriptionItem label="Assigned">
          <When value={license.assigned_at} />
        </DescriptionItem>
        {license.suspended_at ? (
          <DescriptionItem label="Suspended">
            <When value={license.suspended_at} />
            {license.suspend_reason ? <p className="font-normal text-muted-foreground">Reason: {license.suspend_reason}</p> : null}
          </DescriptionItem>
        ) : null}
        {license.revoked_at ? (
          <DescriptionItem label="Revoked">
            <When value={license.revoked_at} />
            {license.revoke_reason ? <p className="font-normal text-muted-foreground">Reason: {license.revoke_reason}</p> : null}
          </DescriptionItem>
        ) : null}
        <DescriptionItem label="Notes">
          {license.notes ? <span className="whitespace-pre-wrap font-normal">{license.notes}</span> : <span className="text-muted-foreground">—</span>}
        </DescriptionItem>
        <DescriptionItem label="Metadata">
          {metadata ? (
            <pre className="max-h-40 overflow-auto rounded-md bg-muted p-2 font-mono text-xs font-normal">{JSON.stringify(metadata, null, 2)}</pre>
          ) : (
            <span className="text-muted-foreground">—</span>
          )}
        </DescriptionItem>
        <DescriptionItem label="Generator">
          {license.generator_id ? <code className="font-mono text-xs">{license.generator_id}</code> : <span className="text-muted-foreground">—</span>}
        </DescriptionItem>
        <DescriptionItem label="Created">
          <When value={license.created_at} />
        </DescriptionItem>
        <DescriptionItem label="Updated">
          <When value={license.updated_at} />
        </DescriptionItem>
        <DescriptionItem label="License ID">
          <code className="font-mono text-xs">{license.id}</code>
        </DescriptionItem>
      </DescriptionList>
      {actions.length ? (
        <div className="flex flex-wrap gap-2 border-t border-border pt-4" role="group" aria-label="License actions">
          {actions.map((kind) => {
            const Icon = ACTION_ICONS[kind]
            return (
              <Button
                key={kind}
                size="sm"
                variant="outline"
                className={cn(DESTRUCTIVE_ACTIONS.has(kind) && 'text-destructive hover:text-destructive')}
                onClick={() => onAction(kind, license)}
              >
                <Icon aria-hidden="true" />
                {ACTION_LABELS[kind]}
              </Button>
            )
          })}
        </div>
      ) : null}
    </div>
  )
}
