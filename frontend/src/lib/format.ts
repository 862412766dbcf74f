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
