import type { ActivationStatus, LicenseStatus } from './api/types'

// The derived license status, in the order DESIGN.md §3 gives it; for filter selects.
export const LICENSE_STATUSES = ['available', 'assigned', 'active', 'expired', 'suspended', 'revoked'] as const satisfies readonly LicenseStatus[]

export const ACTIVATION_STATUSES = ['active', 'inactive'] as const satisfies readonly ActivationStatus[]

/** "available" → "Available", "super_admin" → "Super admin": a status value as a label. */
export function statusLabel(status: string): string {
  const words = status.replace(/_/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
