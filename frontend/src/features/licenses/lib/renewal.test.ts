import { describe, expect, it } from 'vitest'
import { renewalBase, renewalErrors, renewalTarget } from './renewal'

const now = new Date('2026-06-01T12:00:00Z')

describe('renewalTarget', () => {
  it('extends by days from the current expiry while it is ahead', () => {
    expect(renewalTarget({ expires_at: '2026-07-01T00:00:00Z' }, 'extend', '30', '', now)).toEqual({
      expiresAt: '2026-07-31T00:00:00.000Z',
    })
  })

  it('extends an expired license from now', () => {
    expect(renewalTarget({ expires_at: '2026-01-01T00:00:00Z' }, 'extend', '10', '', now)).toEqual({
      expiresAt: '2026-06-11T12:00:00.000Z',
    })
  })

  it('refuses bad day counts and past dates', () => {
    expect(renewalTarget({ expires_at: null }, 'extend', '0', '', now)).toMatchObject({ field: 'days' })
    expect(renewalTarget({ expires_at: null }, 'extend', '1.5', '', now)).toMatchObject({ field: 'days' })
    expect(renewalTarget({ expires_at: null }, 'date', '', '2026-05-01', now)).toMatchObject({ field: 'date' })
    expect(renewalTarget({ expires_at: null }, 'date', '', '', now)).toMatchObject({ field: 'date' })
  })

  it('sets a date (end of day) or makes it perpetual', () => {
    expect(renewalTarget({ expires_at: null }, 'date', '', '2027-01-15', now)).toEqual({ expiresAt: '2027-01-15T23:59:59.000Z' })
    expect(renewalTarget({ expires_at: '2027-01-01T00:00:00Z' }, 'perpetual', '', '', now)).toEqual({ expiresAt: null })
  })
})

describe('renewalBase', () => {
  it('extends from a future expiry, otherwise from now', () => {
    expect(renewalBase('2026-09-01T00:00:00Z', now).toISOString()).toBe('2026-09-01T00:00:00.000Z')
    expect(renewalBase('2026-01-01T00:00:00Z', now)).toBe(now)
    expect(renewalBase(null, now)).toBe(now)
  })
})

describe('renewalErrors', () => {
  it("puts renewalTarget's refusal at its field", () => {
    expect(renewalErrors({ expires_at: null }, { mode: 'extend', days: '0', date: '' }, now)).toEqual({
      days: ['Enter a number of days from 1 to 36500.'],
    })
    expect(renewalErrors({ expires_at: null }, { mode: 'date', days: '0', date: '2026-05-01' }, now)).toEqual({
      date: ['The date must be in the future.'],
    })
    expect(renewalErrors({ expires_at: null }, { mode: 'perpetual', days: '0', date: '' }, now)).toEqual({})
  })
})
