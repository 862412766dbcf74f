import { Badge } from '@/components/ui/badge'
import { statusLabel } from '@/lib/statuses'
import type { CustomerStatus } from '../lib/types'

const VARIANTS: Record<CustomerStatus, 'success' | 'muted' | 'warning'> = {
  active: 'success',
  inactive: 'muted',
  suspended: 'warning',
}

const HINTS: Record<CustomerStatus, string> = {
  active: 'Can sign in to the client portal',
  inactive: 'Cannot sign in to the client portal',
  suspended: 'Suspended: cannot sign in to the client portal',
}

/** A customer's account status: Active (green), Inactive (grey), Suspended (amber). */
export function CustomerStatusBadge({ status, className }: { status: CustomerStatus; className?: string }) {
  return (
    <Badge variant={VARIANTS[status] ?? 'outline'} title={HINTS[status]} data-status={status} className={className}>
      {statusLabel(status)}
    </Badge>
  )
}
