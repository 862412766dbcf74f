import { describe, expect, it } from 'vitest'
import {
  addDays,
  expiryFromDateInput,
  formatDate,
  formatDateTime,
  formatRelative,
  formatUtcDay,
  parseDateInput,
  startOfNextDay,
  toDateInput,
  utcDayToUnix,
} from './dates'

// Vitest runs with TZ=UTC (vite.config.ts), so local midnight is 00:00Z.
describe('parseDateInput', () => {
  it('parses YYYY-MM-DD as local midnight', () => {
    expect(parseDateInput('2026-01-26')?.toISOString()).toBe('2026-01-26T00:00:00.000Z')
    expect(parseDateInput(' 2026-01-26 ')?.getDate()).toBe(26)
  })

  it('refuses impossible dates (round trip)', () => {
    expect(parseDateInput('2026-02-31')).toBeNull()
    expect(parseDateInput('2026-02-30')).toBeNull()
    expect(parseDateInput('2025-02-29')).toBeNull()
    expect(parseDateInput('2026-13-01')).toBeNull()
    expect(parseDateInput('2026-00-10')).toBeNull()
    expect(parseDateInput('2026-04-31')).toBeNull()
  })

  it('accepts a leap day in a leap year', () => {
    expect(parseDateInput('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z')
  })

  it('refuses other shapes', () => {
    expect(parseDateInput('26/01/2026')).toBeNull()
    expect(parseDateInput('2026-1-1')).toBeNull()
    expect(parseDateInput('')).toBeNull()
    expect(parseDateInput(undefined)).toBeNull()
  })
})

describe('date inputs', () => {
  it('formats for a date input', () => {
    expect(toDateInput('2026-01-26T23:59:59Z')).toBe('2026-01-26')
    expect(toDateInput(new Date(2027, 0, 5))).toBe('2027-01-05')
    expect(toDateInput(null)).toBe('')
    expect(toDateInput('garbage')).toBe('')
  })

  it('round-trips', () => {
    expect(toDateInput(parseDateInput('2027-01-05'))).toBe('2027-01-05')
  })

  it('ends an expiry day at 23:59:59, and refuses an impossible one', () => {
    expect(expiryFromDateInput('2027-12-31')).toBe('2027-12-31T23:59:59.000Z')
    expect(expiryFromDateInput('2024-02-29')).toBe('2024-02-29T23:59:59.000Z')
    expect(expiryFromDateInput('2026-02-31')).toBeNull()
    expect(expiryFromDateInput('2025-02-29')).toBeNull()
    expect(expiryFromDateInput('')).toBeNull()
  })

  it('adds calendar days and finds the next midnight', () => {
    expect(addDays(new Date('2026-01-30T10:00:00Z'), 3).toISOString()).toBe('2026-02-02T10:00:00.000Z')
    expect(startOfNextDay(new Date('2026-12-31T15:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z')
  })
})

describe('UTC days', () => {
  it('reads dates as UTC midnight', () => {
    expect(utcDayToUnix('2026-01-01')).toBe(1767225600)
    expect(utcDayToUnix('2026-1-1')).toBeNaN()
    expect(utcDayToUnix('2026-02-31')).toBeNaN()
    expect(formatUtcDay('2026-11-29')).toBe('Nov 29, 2026')
    expect(formatUtcDay('garbage')).toBe('garbage')
  })
})

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

