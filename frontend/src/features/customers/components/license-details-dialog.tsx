import { Link } from 'react-router'
import { LicenseStatusBadge } from '@/components/domain/license-status-badge'
import { buttonVariants } from '@/components/ui/button-variants'
import { CopyButton } from '@/components/ui/copy-button'
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list'
import { Dialog } from '@/components/ui/dialog'
import { activationsLabel } from '@/lib/activations'
import { formatDateTime } from '@/lib/dates'
import type { License } from '../lib/types'

function hasMetadata(metadata: unknown): boolean {
  if (metadata === null || metadata === undefined) return false
  if (typeof metadata === 'object') return Object.keys(metadata as object).length > 0
  return true
}

/** "View details": every field of one license, read-only. */
export function LicenseDetailsDialog({ license, onClose }: { license: License | null; onClose: () => void }) {
  return (
    <Dialog
      open={license !== null}
      onClose={onClose}
      title="License details"
      description={license ? `${license.product_name}` : undefined}
      size="lg"
      footer={
        license ? (
          <Link
            to={`/admin/licenses?search=${encodeURIComponent(license.key)}`}
            className={buttonVariants({ variant: 'outline' })}
          >
            Open in Licenses
          </Link>
        ) : null
      }
    >
      {license ? (
        <DescriptionList>
          <DescriptionItem label="License key">
            <span className="inline-flex min-w-0 items-center gap-1">
              <code className="break-all rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{license.key}</code>
              <CopyButton value={license.key} label="full license key" />
            </span>
          </DescriptionItem>
          <DescriptionItem label="Product">{license.product_name}</DescriptionItem>
          <DescriptionItem label="Status">
            <LicenseStatusBadge status={license.status} />
          </DescriptionItem>
          <DescriptionItem label="Owner">
            {license.customer_email ?? <span className="text-muted-foreground">Unassigned</span>}
          </DescriptionItem>
          <DescriptionItem label="Activations">{activationsLabel(license.activations_used, license.max_activations)}</DescriptionItem>
          <DescriptionItem label="Expires">{license.expires_at ? formatDateTime(license.expires_at) : 'Never (perpetual)'}</DescriptionItem>
          <DescriptionItem label="Validity">
            {license.validity_days === null || license.validity_days === undefined
              ? '—'
              : `${license.validity_days} days from assignment`}
          </DescriptionItem>
          <DescriptionItem label="Assigned">{formatDateTime(license.assigned_at, { fallback: '—' })}</DescriptionItem>
          {license.suspended_at ? (
            <DescriptionItem label="Suspended">
              {formatDateTime(license.suspended_at)}
              {license.suspend_reason ? ` — ${license.suspend_reason}` : ''}
            </DescriptionItem>
          ) : null}
          {license.revoked_at ? (
            <DescriptionItem label="Revoked">
              {formatDateTime(license.revoked_at)}
              {license.revoke_reason ? ` — ${license.revoke_reason}` : ''}
            </DescriptionItem>
          ) : null}
          <DescriptionItem label="Notes">
            {license.notes ? <span className="whitespace-pre-wrap">{license.notes}</span> : <span className="text-muted-foreground">—</span>}
          </DescriptionItem>
          {hasMetadata(license.metadata) ? (
            <DescriptionItem label="Metadata">
              <pre className="max-h-40 overflow-auto rounded bg-muted p-2 font-mono text-xs">
                {JSON.stringify(license.metadata, null, 2)}
              </pre>
            </DescriptionItem>
          ) : null}
          <DescriptionItem label="Created">{formatDateTime(license.created_at)}</DescriptionItem>
          <DescriptionItem label="Updated">{formatDateTime(license.updated_at)}</DescriptionItem>
          <DescriptionItem label="License ID">
            <code className="break-all font-mono text-xs">{license.id}</code>
          </DescriptionItem>
        </DescriptionList>
      ) : null}
    </Dialog>
  )
}
