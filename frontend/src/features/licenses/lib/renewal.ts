import type { License } from '../api/types'
import { addDays, expiryFromDateInput, renewalBase } from './dates'

export type RenewalMode = 'extend' | 'date' | 'perpetual'

/** What the form would set: an RFC 3339 expiry, null (perpetual), or an error to show. */
export function renewalTarget(
  license: Pick<License, 'expires_at'>,
  mode: RenewalMode,
  days: string,
  date: string,
  now: Date = new Date(),
): { expiresAt: string | null } | { error: string; field: 'days' | 'date' } {
  if (mode === 'perpetual') return { expiresAt: null }
  if (mode === 'extend') {
    const n = Number(days)
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 36500) return { error: 'Enter a number of days from 1 to 36500.', field: 'days' }
    return { expiresAt: addDays(renewalBase(license.expires_at, now), n).toISOString() }
  }
  const iso = expiryFromDateInput(date)
  if (!iso) return { error: 'Choose a date.', field: 'date' }
  if (new Date(iso).getTime() <= now.getTime()) return { error: 'The date must be in the future.', field: 'date' }
  return { expiresAt: iso }
}
