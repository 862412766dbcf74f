import { Check, Clock, Send, X, type LucideIcon } from 'lucide-react'
import { Badge } from '@/components/ui/badge'
import { statusLabel } from '@/lib/statuses'
import type { DeliveryStatus } from '../api/types'

const LOOK: Record<DeliveryStatus, { variant: 'info' | 'warning' | 'success' | 'destructive'; icon: LucideIcon; hint: string }> = {
  pending: { variant: 'info', icon: Clock, hint: 'Waiting for its next attempt' },
  sending: { variant: 'warning', icon: Send, hint: 'A worker is handing it to the mail server now' },
  sent: { variant: 'success', icon: Check, hint: 'Handed to the mail server (or written to a file)' },
  failed: { variant: 'destructive', icon: X, hint: 'Given up: it will not be sent' },
}

/** A delivery's outbox status: icon, word and colour, so it never depends on colour alone. */
export function EmailStatusBadge({ status }: { status: DeliveryStatus }) {
  const { variant, icon: Icon, hint } = LOOK[status]
  return (
    <Badge variant={variant} title={hint} data-status={status}>
      <Icon aria-hidden="true" className="size-3" />
      {statusLabel(status)}
    </Badge>
  )
}
