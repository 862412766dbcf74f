import { Badge } from '@/components/ui/badge'
import { statusLabel } from '@/lib/statuses'
import type { ProductStatus } from '../api/types'

/** "Active" (green) or "Inactive" (grey: no new licenses). */
export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  return (
    <Badge
      variant={status === 'active' ? 'success' : 'muted'}
      data-status={status}
      title={status === 'inactive' ? 'No new licenses; existing ones keep working' : undefined}
    >
      {statusLabel(status)}
    </Badge>
  )
}
