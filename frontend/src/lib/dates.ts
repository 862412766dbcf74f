// The one place that parses, checks and formats dates: calendar days as <input type="date">
// gives them ("2026-01-26", in the browser's zone), the RFC 3339 times the API takes and
// answers, and their display ("Jan 26, 2026", "5 minutes ago").

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** "2026-01-26" → its numbers, when it is a real calendar day (round trip: 2026-02-31 is not). */
function dayParts(value: string | null | undefined): [year: number, month: number, day: number] | null {
  const match = DAY.exec(value?.trim() ?? '')
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null
  return [year, month, day]
}

/** "2026-01-26" → that day at local midnight; null for anything else, or an impossible date such as 2026-02-31. */
export function parseDateInput(value: string | null | undefined): Date | null {
  const parts = dayParts(value)
  if (!parts) return null
  return new Date(parts[0], parts[1] - 1, parts[2])
}

/** "2026-11-29" (a day the API reports in UTC) → Unix seconds of that UTC midnight; NaN when malformed or impossible. */
export function utcDayToUnix(value: string): number {
  const parts = dayParts(value)
  if (!parts) return Number.NaN
  return Date.UTC(parts[0], parts[1] - 1, parts[2]) / 1000
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** A Date or timestamp → "2026-01-26" in the browser's zone ('' for none or invalid), for date inputs and URLs. */
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

/** Local midnight at the start of the day after `date`'s (the exclusive end of an inclusive day). */
export function startOfNextDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1)
}

/**
 * An expiry chosen as a calendar day: valid through that whole day, so it ends at 23:59:59
 * local time (RFC 3339). Null for an empty, malformed or impossible date.
 */
export function expiryFromDateInput(value: string): string | null {
  const day = parseDateInput(value)
  if (!day) return null
  const end = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 23, 59, 59)
  return end.toISOString()
}

export interface FormatDateTimeOptions {
  /** IANA time zone; defaults to the browser's own. */
  timeZone?: string
  /** Text for a missing value. */
  fallback?: string
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    })
    formatters.set(key, f)
  }
  return f
}

/**
 * Formats an RFC 3339 timestamp (or Date) as "Jan 26, 2026, 14:03" in 24-hour time.
 * Missing values give `fallback` ("Never"); unparsable strings are returned unchanged.
 */
export function formatDateTime(
  value: string | Date | null | undefined,
  { timeZone, fallback = 'Never' }: FormatDateTimeOptions = {},
): string {
  if (value === null || value === undefined || value === '') return fallback
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  return formatter(timeZone).format(date)
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>()

function dateFormatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let f = dateFormatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone })
    dateFormatters.set(key, f)
  }
  return f
}

function toDate(value: string | Date | number): Date {
  return value instanceof Date ? value : new Date(value)
}

/**
 * Formats a timestamp (or Date) as a calendar date, "Jan 26, 2026" (as in the seed's
 * "Joined" column). Missing values give `fallback` ("Never"); unparsable strings are
 * returned unchanged.
 */
export function formatDate(
  value: string | Date | null | undefined,
  { timeZone, fallback = 'Never' }: FormatDateTimeOptions = {},
): string {
  if (value === null || value === undefined || value === '') return fallback
  const date = toDate(value)
  if (Number.isNaN(date.getTime())) return String(value)
  return dateFormatter(timeZone).format(date)
}

const RELATIVE_UNITS: Array<[unit: string, seconds: number, upTo: number]> = [
  ['minute', 60, 60 * 60],
  ['hour', 60 * 60, 24 * 60 * 60],
  ['day', 24 * 60 * 60, 60 * 24 * 60 * 60],
  ['month', 30 * 24 * 60 * 60, 365 * 24 * 60 * 60],
  ['year', 365 * 24 * 60 * 60, Number.POSITIVE_INFINITY],
]

/**
 * "just now", "5 minutes ago", "2 hours ago", "45 days ago", "3 months ago", "in 3 days".
 * Counts whole units (rounded down); days up to 60, then months, then years.
 * Missing values give `fallback` ("Never"); unparsable strings are returned unchanged.
 */
export function formatRelative(
  value: string | Date | null | undefined,
  now: Date | number = Date.now(),
  { fallback = 'Never' }: { fallback?: string } = {},
): string {
  if (value === null || value === undefined || value === '') return fallback
  const date = toDate(value)
  if (Number.isNaN(date.getTime())) return String(value)
  const diff = (toDate(now).getTime() - date.getTime()) / 1000
  const abs = Math.abs(diff)
  if (abs < 60) return 'just now'
  for (const [unit, seconds, upTo] of RELATIVE_UNITS) {
    if (abs < upTo) {
      const n = Math.floor(abs / seconds)
      const text = `${n} ${unit}${n === 1 ? '' : 's'}`
      return diff >= 0 ? `${text} ago` : `in ${text}`
    }
  }
  return fallback
}

const utcDayFormatter = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })

/** "2026-11-29" (a day the API reports in UTC) → "Nov 29, 2026", not shifted by the browser's zone; anything else unchanged. */
export function formatUtcDay(value: string): string {
  const x = utcDayToUnix(value)
  return Number.isFinite(x) ? utcDayFormatter.format(new Date(x * 1000)) : value
}
