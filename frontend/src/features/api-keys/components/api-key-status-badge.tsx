import { Badge } from '@/components/ui/badge'
import type { ApiKeyStatus } from '../lib/types'

const VARIANTS = { active: 'success', expired: 'warning', revoked: 'destructive' } as const satisfies Record<ApiKeyStatus, string>
const LABELS: Record<ApiKeyStatus, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' }

export function ApiKeyStatusBadge({ status }: { status: ApiKeyStatus }) {
  return <Badge variant={VARIANTS[status] ?? 'muted'}>{LABELS[status] ?? status}</Badge>
}
