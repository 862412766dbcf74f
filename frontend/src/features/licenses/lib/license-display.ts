import { formatDate } from '@/lib/format'
import type { License } from '../api/types'

/** "2 / 5", or "2 / ∞" when the license has no activation limit. */
export function activationsLabel(used: number, max: number | null | undefined): string {
  return `${used} / ${max === null || max === undefined ? '∞' : max}`
}

/** The same for screen readers: "2 of 5 activations used", "2 activations used, no limit". */
export function activationsDescription(used: number, max: number | null | undefined): string {
  if (max === null || max === undefined) return `${used} ${used === 1 ? 'activation' : 'activations'} used, no limit`
  return `${used} of ${max} activations used`
}

/** Every slot is taken: the next activation will be refused. */
export function activationsFull(used: number, max: number | null | undefined): boolean {
  return max !== null && max !== undefined && used >= max
}

/**
 * The Expires column: the date, "Never" for a perpetual license, or "365 days after
 * assignment" for an unassigned one whose clock starts when it is assigned.
 */
export function expiryLabel(license: Pick<License, 'expires_at' | 'validity_days' | 'customer_id'>): string {
  if (license.expires_at) return formatDate(license.expires_at)
  if (!license.customer_id && license.validity_days) {
    return `${license.validity_days} ${license.validity_days === 1 ? 'day' : 'days'} after assignment`
  }
  return 'Never'
}
