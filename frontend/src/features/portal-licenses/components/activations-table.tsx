import { Globe, Monitor, Power } from 'lucide-react'
import { ActivationStatusBadge } from '@/components/domain/activation-status-badge'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatDate } from '@/lib/dates'
import { maskKey } from '@/lib/mask'
import type { PortalActivation } from '../api/types'
import { activationTitle, kindLabel } from '../lib/activation-title'

export interface ActivationsTableProps {
  activations: PortalActivation[]
  /** Show the product and key column (off on a license's own page). */
  showLicense?: boolean
  /** A read-only session: no deactivate buttons. */
  readOnly: boolean
  onDeactivate: (activation: PortalActivation) => void
}

/** The customer's devices and domains; active ones can be deactivated to free their slot. */
export function ActivationsTable({ activations, showLicense = true, readOnly, onDeactivate }: ActivationsTableProps) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Device or domain</TableHead>
          {showLicense ? <TableHead>License</TableHead> : null}
          <TableHead>Status</TableHead>
          <TableHead>Activated</TableHead>
          <TableHead>Last check</TableHead>
          {readOnly ? null : (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {activations.map((activation) => {
          const Icon = activation.kind === 'domain' ? Globe : Monitor
          const title = activationTitle(activation)
          return (
            <TableRow key={activation.id} data-activation-id={activation.id}>
              <TableCell>
                <div className="flex items-start gap-2">
                  <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
                  <div className="min-w-0">
                    <div className="font-medium break-words">{title}</div>
                    <div className="text-xs text-muted-foreground break-all">
                      {kindLabel(activation.kind)}
                      {title !== activation.identifier ? ` · ${activation.identifier}` : null}
                      {activation.platform ? ` · ${activation.platform}` : null}
                    </div>
                  </div>
                </div>
              </TableCell>
              {showLicense ? (
                <TableCell>
                  <div>{activation.product_name}</div>
                  <code className="font-mono text-xs text-muted-foreground">{maskKey(activation.license_key)}</code>
                </TableCell>
              ) : null}
              <TableCell>
                <ActivationStatusBadge status={activation.status} />
                {activation.status === 'inactive' && activation.deactivated_at ? (
                  <div className="mt-1 text-xs text-muted-foreground">
                    since {formatDate(activation.deactivated_at)}
                    {activation.deactivation_reason ? `: ${activation.deactivation_reason}` : null}
                  </div>
                ) : null}
              </TableCell>
              <TableCell className="whitespace-nowrap">{formatDate(activation.activated_at)}</TableCell>
              <TableCell className="whitespace-nowrap">
                <RelativeTime value={activation.last_verified_at ?? null} />
              </TableCell>
              {readOnly ? null : (
                <TableCell className="text-right">
                  {activation.status === 'active' ? (
                    <Button variant="outline" size="sm" onClick={() => onDeactivate(activation)} aria-label={`Deactivate ${title}`}>
                      <Power aria-hidden="true" />
                      Deactivate
                    </Button>
                  ) : null}
                </TableCell>
              )}
            </TableRow>
          )
        })}
      </TableBody>
    </Table>
  )
}
