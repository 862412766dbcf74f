import type { AdminRole } from './api/types'

const LABELS: Record<string, string> = {
  viewer: 'Viewer',
  operator: 'Operator',
  admin: 'Admin',
  super_admin: 'Super admin',
}

/** "super_admin" → "Super admin". Unknown roles are humanised rather than hidden. */
export function roleLabel(role: AdminRole | string): string {
  const known = LABELS[role]
  if (known) return known
  const words = String(role).replace(/_/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** Each role includes the ones below it (DESIGN.md §3). */
export const ROLE_RANK: Record<AdminRole, number> = { viewer: 0, operator: 1, admin: 2, super_admin: 3 }

/** Whether `role` is `min` or above. Unknown or missing roles may do nothing. */
export function hasRole(role: AdminRole | string | null | undefined, min: AdminRole): boolean {
  if (!role || !(role in ROLE_RANK)) return false
  return ROLE_RANK[role as AdminRole] >= ROLE_RANK[min]
}
