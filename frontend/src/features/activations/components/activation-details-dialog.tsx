import { Power } from 'lucide-react'
import { Link } from 'react-router'
import { ActivationStatusBadge } from '@/components/domain/activation-status-badge'
import { MadeForNote } from '@/components/domain/made-for-note'
import { MaskedKey } from '@/components/domain/masked-key'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list'
import { Dialog } from '@/components/ui/dialog'
import { RelativeTime } from '@/components/ui/relative-time'
import { Spinner } from '@/components/ui/spinner'
import { formatDateTime } from '@/lib/dates'
import { errorMessage } from '@/lib/problem'
import { useActivation } from '../api/get-activation'
import type { Activation } from '../api/types'
import { activationTitle, customerLabel, licenseSearchPath, prettyMetadata } from '../lib/activation-format'
import { KindBadge } from './kind-badge'

export interface ActivationDetailsDialogProps {
  /** The row that was opened (null: closed). Shown at once, then refreshed from the server. */
  activation: Activation | null
  onClose: () => void
  canDeactivate: boolean
  onDeactivate: (activation: Activation) => void
}

/** Every field of one activation, including the deactivation reason and metadata. */
export function ActivationDetailsDialog({ activation, onClose, canDeactivate, onDeactivate }: ActivationDetailsDialogProps) {
  const query = useActivation(activation?.id ?? null, activation ?? undefined)
  const a = query.data ?? activation
  return (
    <Dialog
      open={activation !== null}
      onClose={onClose}
      size="lg"
      title={a ? activationTitle(a) : 'Activation'}
      description={a ? <span className="font-mono text-xs">{a.identifier}</span> : undefined}
      footer={
        a ? (
          <>
            {canDeactivate && a.status === 'active' ? (
              <Button variant="destructive" onClick={() => onDeactivate(a)}>
                <Power aria-hidden="true" />
                Deactivate
              </Button>
            ) : null}
            <Button variant="outline" onClick={onClose}>
              Close
            </Button>
          </>
        ) : null
      }
    >
      {a ? <ActivationFields activation={a} /> : null}
      {query.isFetching ? <Spinner label="Refreshing" className="absolute right-14 top-5 text-muted-foreground" /> : null}
      {query.isError ? (
        <p role="alert" className="text-sm text-destructive">
          Could not refresh this activation: {errorMessage(query.error)}
        </p>
      ) : null}
    </Dialog>
  )
}

function ActivationFields({ activation: a }: { activation: Activation }) {
  const metadata = prettyMetadata(a.metadata)
  return (
    <DescriptionList>
      <DescriptionItem label="Status">
        <ActivationStatusBadge status={a.status} />
      </DescriptionItem>
      {a.status === 'inactive' ? (
        <>
          <DescriptionItem label="Deactivated">{formatDateTime(a.deactivated_at, { fallback: '—' })}</DescriptionItem>
          <DescriptionItem label="Deactivation reason">
            {a.deactivation_reason ? (
              <span className="whitespace-pre-wrap">{a.deactivation_reason}</span>
            ) : (
              <span className="text-muted-foreground">No reason given</span>
            )}
          </DescriptionItem>
        </>
      ) : null}
      <DescriptionItem label="Identifier">
        <span className="inline-flex items-center gap-1 font-mono text-xs break-all">
          {a.identifier}
          <CopyButton value={a.identifier} label="identifier" className="size-7" />
        </span>
      </DescriptionItem>
      <DescriptionItem label="Kind">
        <KindBadge kind={a.kind} />
      </DescriptionItem>
      <DescriptionItem label="Name">{a.name || <span className="text-muted-foreground">—</span>}</DescriptionItem>
      <DescriptionItem label="Platform">{a.platform || <span className="text-muted-foreground">—</span>}</DescriptionItem>
      <DescriptionItem label="License">
        <span className="flex flex-wrap items-center gap-2">
          <MaskedKey value={a.license_key} />
          <Link to={licenseSearchPath(a.license_key)} className="text-sm text-primary underline-offset-4 hover:underline">
            Open in licenses
          </Link>
        </span>
      </DescriptionItem>
      <DescriptionItem label="Product">
        <Link to={`/admin/products/${a.product_id}`} className="text-primary underline-offset-4 hover:underline">
          {a.product_name}
        </Link>
      </DescriptionItem>
      <DescriptionItem label="Customer">
        {a.customer_id ? (
          <Link to={`/admin/customers/${a.customer_id}`} className="text-primary underline-offset-4 hover:underline">
            {customerLabel(a)}
          </Link>
        ) : (
          <span className="text-muted-foreground">Unassigned license</span>
        )}
        <MadeForNote activation={a} />
      </DescriptionItem>
      <DescriptionItem label="IP address (last seen)">
        {a.ip_address ? <span className="font-mono text-xs">{a.ip_address}</span> : <span className="text-muted-foreground">—</span>}
      </DescriptionItem>
      <DescriptionItem label="Activated">{formatDateTime(a.activated_at)}</DescriptionItem>
      <DescriptionItem label="Last verified">
        <RelativeTime value={a.last_verified_at} />
        {a.last_verified_at ? <span className="text-muted-foreground"> ({formatDateTime(a.last_verified_at)})</span> : null}
      </DescriptionItem>
      <DescriptionItem label="Metadata">
        {metadata ? (
          <pre className="max-h-60 overflow-auto rounded-md bg-muted p-3 font-mono text-xs font-normal">{metadata}</pre>
        ) : (
          <span className="text-muted-foreground">None</span>
        )}
      </DescriptionItem>
      <DescriptionItem label="Activation id">
        <span className="inline-flex items-center gap-1 font-mono text-xs break-all">
          {a.id}
          <CopyButton value={a.id} label="activation id" className="size-7" />
        </span>
      </DescriptionItem>
    </DescriptionList>
  )
}
