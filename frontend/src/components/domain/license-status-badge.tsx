import { Badge } from '@/components/ui/badge'
import type { LicenseStatus } from '@/lib/api/types'
import { statusLabel } from '@/lib/statuses'

type Variant = 'outline' | 'info' | 'success' | 'muted' | 'warning' | 'destructive'

const VARIANTS: Record<LicenseStatus, Variant> = {
  available: 'outline',
  assigned: 'info',
  active: 'success',
  expired: 'muted',
  suspended: 'warning',
  revoked: 'destructive',
}

const HINTS: Partial<Record<LicenseStatus, string>> = {
  available: 'Not assigned to a customer',
  assigned: 'Assigned, not activated yet',
  active: 'In use on at least one device or domain',
}

/** A license's derived status as a coloured badge ("Available" = unassigned). */
export function LicenseStatusBadge({ status, className }: { status: LicenseStatus; className?: string }) {
  return (
    <Badge variant={VARIANTS[status] ?? 'outline'} title={HINTS[status]} data-status={status} className={className}>
      {statusLabel(status)}
    </Badge>
  )
}
