import { formatDate } from '@/lib/dates'
import type { License } from '../api/types'

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
