import { Badge } from '@/components/ui/badge'
import type { ActivationStatus } from '@/lib/api/types'
import { statusLabel } from '@/lib/statuses'

/** An activation's status: "Active" (green) or "Inactive" (grey, deactivated history). */
export function ActivationStatusBadge({ status, className }: { status: ActivationStatus; className?: string }) {
  return (
    <Badge variant={status === 'active' ? 'success' : 'muted'} data-status={status} className={className}>
      {statusLabel(status)}
    </Badge>
  )
}
