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

/** "2027-06-30" (a date input's value) as local midnight, or null when it is not a real date. */
export function parseDateInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim())
  if (!match) return null
  const [, y, m, d] = match.map(Number)
  const date = new Date(y, m - 1, d)
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null
  return date
}

/** A Date as a date input's value (local calendar day). */
export function toDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

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
    const end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)
    if (end.getTime() <= now.getTime()) return { ok: false, message: 'The date must be today or later' }
    return { ok: true, expiresAt: end.toISOString() }
  }
  const days = Number(choice)
  return { ok: true, expiresAt: new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString() }
}
