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

/** "in 45 seconds", "in 2 minutes", "in 1 hour" – for rate-limit messages. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds))
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`
  const m = Math.ceil(s / 60)
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`
  const h = Math.ceil(m / 60)
  return `${h} hour${h === 1 ? '' : 's'}`
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

const numberFormatter = new Intl.NumberFormat('en-US')

/** 1234567 → "1,234,567". */
export function formatNumber(value: number): string {
  return numberFormatter.format(value)
}

/** `pluralize(1, 'License')` → "1 License"; `pluralize(3, 'License')` → "3 Licenses"; 1,234 keeps its separator. */
export function pluralize(count: number, singular: string, plural: string = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`
}

/** A list's `sort` parameter: `column` (ascending) or `-column` (descending). */
export type SortDirection = 'asc' | 'desc'

/** Reads `-name` as `{ column: 'name', direction: 'desc' }`; null for no sort. */
export function parseSort(sort: string | null | undefined): { column: string; direction: SortDirection } | null {
  if (!sort) return null
  return sort.startsWith('-') ? { column: sort.slice(1), direction: 'desc' } : { column: sort, direction: 'asc' }
}

/**
 * The seed's header toggle: clicking a column that is not the sort gives it ascending
 * (`name`); clicking the ascending column gives descending (`-name`); clicking the
 * descending column gives ascending again.
 */
export function nextSort(current: string | null | undefined, column: string): string {
  return current === column ? `-${column}` : column
}
