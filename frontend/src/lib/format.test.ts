import { describe, expect, it } from 'vitest'
import { formatDateTime, formatWait } from './format'

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
