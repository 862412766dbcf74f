import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatNumber, formatRelative, formatWait, nextSort, parseSort, pluralize } from './format'

describe('formatDateTime', () => {
  it('formats an RFC 3339 timestamp as "Mon D, YYYY, HH:MM" in 24-hour time', () => {
    expect(formatDateTime('2026-01-26T14:03:27Z', { timeZone: 'UTC' })).toBe('Jan 26, 2026, 14:03')
  })

  it('converts to the requested time zone', () => {
    // 14:03 UTC is 15:03 in Berlin in winter.
    expect(formatDateTime('2026-01-26T14:03:00Z', { timeZone: 'Europe/Berlin' })).toBe('Jan 26, 2026, 15:03')
    // …and the day can change.
    expect(formatDateTime('2026-01-26T23:30:00Z', { timeZone: 'Asia/Tokyo' })).toBe('Jan 27, 2026, 08:30')
  })

  it('writes midnight as 00, not 24', () => {
    expect(formatDateTime('2026-03-01T00:05:00Z', { timeZone: 'UTC' })).toBe('Mar 1, 2026, 00:05')
  })

  it('accepts microsecond precision and offsets', () => {
    expect(formatDateTime('2026-01-26T14:03:00.123456+00:00', { timeZone: 'UTC' })).toBe('Jan 26, 2026, 14:03')
    expect(formatDateTime('2026-01-26T16:03:00+02:00', { timeZone: 'UTC' })).toBe('Jan 26, 2026, 14:03')
  })

  it('accepts a Date', () => {
    expect(formatDateTime(new Date(Date.UTC(2025, 11, 31, 9, 7)), { timeZone: 'UTC' })).toBe('Dec 31, 2025, 09:07')
  })

  it('uses the fallback for missing values and returns unparsable input unchanged', () => {
    expect(formatDateTime(null)).toBe('Never')
    expect(formatDateTime(undefined, { fallback: '—' })).toBe('—')
    expect(formatDateTime('not a date')).toBe('not a date')
  })
})

describe('formatWait', () => {
  it('rounds up to the largest sensible unit', () => {
    expect(formatWait(1)).toBe('1 second')
    expect(formatWait(30)).toBe('30 seconds')
    expect(formatWait(61)).toBe('2 minutes')
    expect(formatWait(3600)).toBe('1 hour')
  })
})

describe('formatDate', () => {
  it('formats as "Mon D, YYYY"', () => {
    expect(formatDate('2026-01-26T14:03:27Z', { timeZone: 'UTC' })).toBe('Jan 26, 2026')
    expect(formatDate(new Date(Date.UTC(2025, 11, 31, 23, 0)), { timeZone: 'UTC' })).toBe('Dec 31, 2025')
    expect(formatDate('2026-01-26T23:30:00Z', { timeZone: 'Asia/Tokyo' })).toBe('Jan 27, 2026')
  })

  it('uses the fallback for missing values and returns unparsable input unchanged', () => {
    expect(formatDate(null)).toBe('Never')
    expect(formatDate(undefined, { fallback: '—' })).toBe('—')
    expect(formatDate('')).toBe('Never')
    expect(formatDate('nope')).toBe('nope')
  })
})

describe('formatRelative', () => {
  const now = new Date('2026-01-26T12:00:00Z')
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000)

  it('reads past times', () => {
    expect(formatRelative(ago(0), now)).toBe('just now')
    expect(formatRelative(ago(59), now)).toBe('just now')
    expect(formatRelative(ago(60), now)).toBe('1 minute ago')
    expect(formatRelative(ago(5 * 60 + 30), now)).toBe('5 minutes ago')
    expect(formatRelative(ago(60 * 60), now)).toBe('1 hour ago')
    expect(formatRelative(ago(2 * 3600 + 59 * 60), now)).toBe('2 hours ago')
    expect(formatRelative(ago(24 * 3600), now)).toBe('1 day ago')
    expect(formatRelative(ago(45 * 86400), now)).toBe('45 days ago')
    expect(formatRelative(ago(90 * 86400), now)).toBe('3 months ago')
    expect(formatRelative(ago(800 * 86400), now)).toBe('2 years ago')
  })

  it('reads future times and RFC 3339 strings', () => {
    expect(formatRelative('2026-01-29T12:00:00Z', now)).toBe('in 3 days')
    expect(formatRelative('2026-01-26T12:10:00Z', now.getTime())).toBe('in 10 minutes')
    expect(formatRelative('2026-01-26T11:55:00Z', now)).toBe('5 minutes ago')
  })

  it('uses the fallback for missing values', () => {
    expect(formatRelative(null, now)).toBe('Never')
    expect(formatRelative(undefined, now, { fallback: '—' })).toBe('—')
    expect(formatRelative('garbage', now)).toBe('garbage')
  })
})

describe('formatNumber and pluralize', () => {
  it('adds thousands separators', () => {
    expect(formatNumber(0)).toBe('0')
    expect(formatNumber(1234)).toBe('1,234')
    expect(formatNumber(1234567)).toBe('1,234,567')
  })

  it('picks the singular only for exactly one', () => {
    expect(pluralize(1, 'License')).toBe('1 License')
    expect(pluralize(3, 'License')).toBe('3 Licenses')
    expect(pluralize(0, 'License')).toBe('0 Licenses')
    expect(pluralize(1200, 'License')).toBe('1,200 Licenses')
    expect(pluralize(2, 'Activation', 'Activations')).toBe('2 Activations')
    expect(pluralize(2, 'entry', 'entries')).toBe('2 entries')
  })
})

describe('nextSort and parseSort', () => {
  it('toggles ascending, descending, ascending on the same column', () => {
    expect(nextSort(null, 'name')).toBe('name')
    expect(nextSort('name', 'name')).toBe('-name')
    expect(nextSort('-name', 'name')).toBe('name')
  })

  it('starts ascending on a new column', () => {
    expect(nextSort('-created_at', 'email')).toBe('email')
    expect(nextSort('name', 'email')).toBe('email')
    expect(nextSort('', 'email')).toBe('email')
  })

  it('parses the parameter', () => {
    expect(parseSort('-name')).toEqual({ column: 'name', direction: 'desc' })
    expect(parseSort('email')).toEqual({ column: 'email', direction: 'asc' })
    expect(parseSort(null)).toBeNull()
    expect(parseSort('')).toBeNull()
  })
})
