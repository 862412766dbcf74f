import { describe, expect, it } from 'vitest'
import { addDays, expiryFromDateInput, parseDateInput, renewalBase, toDateInput } from './dates'

// TZ=UTC in Vitest.
describe('date inputs', () => {
  it('parses YYYY-MM-DD and refuses impossible dates', () => {
    expect(parseDateInput('2026-01-26')?.toISOString()).toBe('2026-01-26T00:00:00.000Z')
    expect(parseDateInput('2026-02-30')).toBeNull()
    expect(parseDateInput('26/01/2026')).toBeNull()
    expect(parseDateInput(undefined)).toBeNull()
  })

  it('formats for a date input', () => {
    expect(toDateInput('2026-01-26T23:59:59Z')).toBe('2026-01-26')
    expect(toDateInput(null)).toBe('')
    expect(toDateInput('garbage')).toBe('')
  })

  it('ends an expiry day at 23:59:59', () => {
    expect(expiryFromDateInput('2027-12-31')).toBe('2027-12-31T23:59:59.000Z')
    expect(expiryFromDateInput('')).toBeNull()
  })

  it('adds calendar days', () => {
    expect(addDays(new Date('2026-01-30T10:00:00Z'), 3).toISOString()).toBe('2026-02-02T10:00:00.000Z')
  })
})

describe('renewalBase', () => {
  const now = new Date('2026-06-01T12:00:00Z')
  it('extends from a future expiry, otherwise from now', () => {
    expect(renewalBase('2026-09-01T00:00:00Z', now).toISOString()).toBe('2026-09-01T00:00:00.000Z')
    expect(renewalBase('2026-01-01T00:00:00Z', now)).toBe(now)
    expect(renewalBase(null, now)).toBe(now)
  })
})
