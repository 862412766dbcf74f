import type { FieldMessages } from '@/lib/form'
import type { License } from '../api/types'
import { addDays, expiryFromDateInput } from '@/lib/dates'

/**
 * Where an extension counts from: the current expiry while it is still ahead, otherwise
 * now (an expired or perpetual license is extended from today).
 */
export function renewalBase(expiresAt: string | null | undefined, now: Date = new Date()): Date {
  if (!expiresAt) return now
  const current = new Date(expiresAt)
  if (Number.isNaN(current.getTime()) || current.getTime() <= now.getTime()) return now
  return current
}

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

/** The renew form's fields, as typed. */
export interface RenewalValues {
  mode: RenewalMode
  /** Extend: days to add. */
  days: string
  /** Date: 'YYYY-MM-DD'. */
  date: string
}

/** `renewalTarget`'s refusal as field messages (at `days` or `date`); `{}` when it can be sent. */
export function renewalErrors(
  license: Pick<License, 'expires_at'>,
  { mode, days, date }: RenewalValues,
  now: Date = new Date(),
): FieldMessages {
  const target = renewalTarget(license, mode, days, date, now)
  return 'error' in target ? { [target.field]: [target.error] } : {}
}
