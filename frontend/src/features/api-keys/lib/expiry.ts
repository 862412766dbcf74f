import { parseDateInput, startOfNextDay } from '@/lib/dates'

/** The expiry choices of "Create API key": never, a number of days, or a date. */
export const EXPIRY_OPTIONS = [
  { value: 'never', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In 1 year' },
  { value: 'custom', label: 'On a date…' },
] as const

export type ExpiryChoice = (typeof EXPIRY_OPTIONS)[number]['value']

export type ExpiryResult = { ok: true; expiresAt: string | null } | { ok: false; message: string }

/**
 * The choice as the API's `expires_at` (RFC 3339, null = never). A custom date keeps the
 * key working through that whole day (it expires at the next local midnight); it must not
 * be in the past.
 */
export function expiresAtFor(choice: ExpiryChoice, customDate: string, now: Date = new Date()): ExpiryResult {
  if (choice === 'never') return { ok: true, expiresAt: null }
  if (choice === 'custom') {
    const day = parseDateInput(customDate)
    if (!day) return { ok: false, message: 'Pick the day the key stops working' }
    const end = startOfNextDay(day)
    if (end.getTime() <= now.getTime()) return { ok: false, message: 'The date must be today or later' }
    return { ok: true, expiresAt: end.toISOString() }
  }
  const days = Number(choice)
  return { ok: true, expiresAt: new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString() }
}
