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
