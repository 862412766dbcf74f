import { Badge } from '@/components/ui/badge'
import type { ApiKeyStatus } from '../lib/types'

const VARIANTS = {
  active: 'success',
  suspended: 'warning',
  expired: 'warning',
  revoked: 'destructive',
} as const satisfies Record<ApiKeyStatus, string>
const LABELS: Record<ApiKeyStatus, string> = { active: 'Active', suspended: 'Suspended', expired: 'Expired', revoked: 'Revoked' }
/** Why a key that is not revoked or expired does not work. */
const HINTS: Partial<Record<ApiKeyStatus, string>> = {
  suspended: 'Its owner is deactivated: the key works again when they are reactivated.',
}

export function ApiKeyStatusBadge({ status }: { status: ApiKeyStatus }) {
  return (
    <Badge variant={VARIANTS[status] ?? 'muted'} title={HINTS[status]}>
      {LABELS[status] ?? status}
    </Badge>
  )
}
