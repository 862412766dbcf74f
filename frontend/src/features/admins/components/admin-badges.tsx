import { Badge } from '@/components/ui/badge'
import { roleLabel } from '@/lib/roles'
import type { AdminRole, AdminStatus } from '../lib/types'

const ROLE_VARIANTS = {
  viewer: 'muted',
  operator: 'info',
  admin: 'default',
  super_admin: 'warning',
} as const satisfies Record<AdminRole, string>

/** The role as a pill ("Super admin"); the text carries the meaning, the colour helps scanning. */
export function AdminRoleBadge({ role }: { role: AdminRole }) {
  return <Badge variant={ROLE_VARIANTS[role] ?? 'secondary'}>{roleLabel(role)}</Badge>
}

export function AdminStatusBadge({ status }: { status: AdminStatus }) {
  return status === 'active' ? <Badge variant="success">Active</Badge> : <Badge variant="muted">Inactive</Badge>
}
