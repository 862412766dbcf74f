import { describe, expect, it } from 'vitest'
import {
  daysSince,
  hasActivationFilters,
  looksAbandoned,
  parseStaleDays,
  staleLabel,
  staleSelectValue,
  toActivationQuery,
  validActivationSort,
} from './activation-filters'

describe('parseStaleDays', () => {
  it('accepts whole numbers of days from 1 to 3650', () => {
    expect(parseStaleDays('30')).toBe(30)
    expect(parseStaleDays(' 7 ')).toBe(7)
    expect(parseStaleDays(3650)).toBe(3650)
  })
  it('drops anything the API would refuse', () => {
    for (const bad of ['', '0', '-5', '3651', '1.5', 'abc', '30d', null, undefined]) {
      expect(parseStaleDays(bad)).toBeUndefined()
    }
  })
})

describe('stale presets', () => {
  it('shows 7/30/90 as presets and other values as custom', () => {
    expect(staleSelectValue(undefined)).toBe('')
    expect(staleSelectValue(7)).toBe('7')
    expect(staleSelectValue(30)).toBe('30')
    expect(staleSelectValue(90)).toBe('90')
    expect(staleSelectValue(45)).toBe('custom')
  })
  it('stays on custom while someone types, even when the number is also a preset', () => {
    expect(staleSelectValue(undefined, true)).toBe('custom')
    expect(staleSelectValue(30, true)).toBe('custom')
  })
  it('labels a staleness filter', () => {
    expect(staleLabel(30)).toBe('Not verified for 30+ days')
    expect(staleLabel(1)).toBe('Not verified for 1+ day')
  })
})

describe('toActivationQuery', () => {
  const base = { sort: null, page: 1, perPage: 25 }

  it('maps the URL filters to API parameters', () => {
    expect(
      toActivationQuery({
        ...base,
        page: 3,
        sort: '-last_verified_at',
        filters: { status: 'active', product_id: 'p1', stale_days: '30', license_id: 'l1', customer_id: 'c1' },
      }),
    ).toEqual({
      page: 3,
      per_page: 25,
      sort: '-last_verified_at',
      status: 'active',
      product_id: 'p1',
      stale_days: 30,
      license_id: 'l1',
      customer_id: 'c1',
    })
  })

  it('leaves out empty and invalid values and the default sort', () => {
    expect(
      toActivationQuery({
        ...base,
        sort: '-activated_at',
        filters: { status: 'deleted', product_id: ' ', stale_days: '0', license_id: undefined, customer_id: '' },
      }),
    ).toEqual({ page: 1, per_page: 25 })
  })

  it('ignores sorts on columns the API cannot sort by', () => {
    expect(validActivationSort('identifier')).toBe('-activated_at')
    expect(validActivationSort('-ip_address')).toBe('-activated_at')
    expect(validActivationSort('last_verified_at')).toBe('last_verified_at')
    expect(toActivationQuery({ ...base, sort: 'name', filters: {} })).toEqual({ page: 1, per_page: 25 })
  })

  it('knows when the list is filtered', () => {
    expect(hasActivationFilters({})).toBe(false)
    expect(hasActivationFilters({ status: 'bogus', stale_days: 'x' })).toBe(false)
    expect(hasActivationFilters({ customer_id: 'c1' })).toBe(true)
    expect(hasActivationFilters({ stale_days: '90' })).toBe(true)
  })
})

describe('staleness of one activation', () => {
  const now = Date.parse('2026-03-01T12:00:00Z')

  it('counts whole days since the last verification', () => {
    expect(daysSince('2026-01-15T12:00:00Z', now)).toBe(45)
    expect(daysSince('2026-03-01T11:55:00Z', now)).toBe(0)
    expect(daysSince(null, now)).toBeNull()
  })

  it('flags active devices not verified for 30 days or more', () => {
    const recent = { status: 'active', activated_at: '2025-12-01T00:00:00Z', last_verified_at: '2026-03-01T11:55:00Z' }
    const old = { ...recent, last_verified_at: '2026-01-15T12:00:00Z' }
    expect(looksAbandoned(recent, now)).toBe(false)
    expect(looksAbandoned(old, now)).toBe(true)
    expect(looksAbandoned({ ...old, status: 'inactive' }, now)).toBe(false)
    // Never verified: judged by when it was activated.
    expect(looksAbandoned({ ...recent, last_verified_at: null }, now)).toBe(true)
    expect(looksAbandoned({ ...recent, last_verified_at: null, activated_at: '2026-02-28T00:00:00Z' }, now)).toBe(false)
  })
})

describe('shortKey', () => {
  it('keeps the first and last group', async () => {
    const { shortKey } = await import('./activation-format')
    expect(shortKey('PRO-7K4QX-M2H9T-ZP3WA-C8RVN')).toBe('PRO-…-C8RVN')
    expect(shortKey('2f1c0b7e5d9a4c3b8a7f6e5d4c3b2a19')).toBe('2f1c…2a19')
    expect(shortKey('SHORT')).toBe('SHORT')
  })
})

describe('customerLabel', () => {
  it("shows the row's email, and says so when there is none", async () => {
    const { customerLabel } = await import('./activation-format')
    expect(customerLabel({ customer_email: 'sarah@company.com' })).toBe('sarah@company.com')
    expect(customerLabel({ customer_email: null })).toBe('Unknown customer')
    expect(customerLabel({})).toBe('Unknown customer')
  })
})
