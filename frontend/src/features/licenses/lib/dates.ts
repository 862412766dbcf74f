// Calendar dates as <input type="date"> gives them ("2026-01-26", in the browser's zone)
// and the RFC 3339 times the API takes.

const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/

/** "2026-01-26" → that day at local midnight; null for anything else (or an impossible date). */
export function parseDateInput(value: string | null | undefined): Date | null {
  const match = DATE_INPUT.exec(value?.trim() ?? '')
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(year, month - 1, day)
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null
  return date
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** A Date or timestamp → "2026-01-26" in the browser's zone ('' for none or invalid), for date inputs. */
export function toDateInput(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return ''
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** `date` plus `days` calendar days (same time of day). */
export function addDays(date: Date, days: number): Date {
  const next = new Date(date.getTime())
  next.setDate(next.getDate() + days)
  return next
}

/** Local midnight at the start of `date`'s day. */
export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate())
}

/**
 * An expiry chosen as a calendar day: the license stays valid through that whole day, so
 * it ends at 23:59:59 local time. Null for an invalid input.
 */
export function expiryFromDateInput(value: string): string | null {
  const day = parseDateInput(value)
  if (!day) return null
  const end = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 23, 59, 59)
  return end.toISOString()
}

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
