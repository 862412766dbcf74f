import { describe, expect, it } from 'vitest'
import { filterScope, isDateRangeReversed, isLicenseStatus, toApiQuery, toExportQuery } from './filters'

// Vitest runs with TZ=UTC (vite.config.ts), so local midnight is 00:00Z.
describe('toApiQuery', () => {
  it('passes paging, search, sort and the id filters through', () => {
    expect(
      toApiQuery({ page: 2, per_page: 50, search: 'john', sort: 'key', product_id: 'p1', customer_id: 'c1', status: 'available' }),
    ).toEqual({ page: 2, per_page: 50, search: 'john', sort: 'key', product_id: 'p1', customer_id: 'c1', status: 'available' })
  })

  it('drops an unknown status', () => {
    expect(toApiQuery({ page: 1, per_page: 25, status: 'bogus' })).toEqual({ page: 1, per_page: 25 })
  })

  it('turns the inclusive day range into expires_after / expires_before', () => {
    expect(toApiQuery({ page: 1, per_page: 25, expires_from: '2026-01-01', expires_to: '2026-01-31' })).toEqual({
      page: 1,
      per_page: 25,
      expires_after: '2026-01-01T00:00:00.000Z',
      expires_before: '2026-02-01T00:00:00.000Z',
      sort: 'expires_at',
    })
  })

  it('lists an expiry range by expiry unless sorted by key', () => {
    const range = { page: 1, per_page: 25, expires_from: '2026-01-01' }
    expect(toApiQuery({ ...range, sort: '-created_at' }).sort).toBe('expires_at')
    expect(toApiQuery({ ...range, sort: '-expires_at' }).sort).toBe('-expires_at')
    expect(toApiQuery({ ...range, sort: 'key' }).sort).toBe('key')
    expect(toApiQuery({ page: 1, per_page: 25, sort: '-created_at' }).sort).toBe('-created_at')
  })

  it('ignores invalid dates', () => {
    expect(toApiQuery({ page: 1, per_page: 25, expires_from: '2026-02-30', expires_to: 'soon' })).toEqual({ page: 1, per_page: 25 })
  })
})

describe('toExportQuery', () => {
  it('keeps the filters and sort and drops paging', () => {
    expect(toExportQuery({ page: 3, per_page: 25, sort: '-expires_at', status: 'active', search: 'x' })).toEqual({
      sort: '-expires_at',
      status: 'active',
      search: 'x',
    })
  })
})

describe('filterScope', () => {
  it('ignores paging and sort but not filters', () => {
    const base = filterScope({ page: 1, per_page: 25, status: 'available' })
    expect(filterScope({ page: 4, per_page: 100, sort: 'key', status: 'available' })).toBe(base)
    expect(filterScope({ page: 1, per_page: 25, status: 'assigned' })).not.toBe(base)
    expect(filterScope({ page: 1, per_page: 25, status: 'available', search: 'a' })).not.toBe(base)
  })
})

describe('helpers', () => {
  it('recognises statuses', () => {
    expect(isLicenseStatus('revoked')).toBe(true)
    expect(isLicenseStatus('deleted')).toBe(false)
    expect(isLicenseStatus(undefined)).toBe(false)
  })

  it('spots a reversed range', () => {
    expect(isDateRangeReversed('2026-02-01', '2026-01-01')).toBe(true)
    expect(isDateRangeReversed('2026-01-01', '2026-01-01')).toBe(false)
    expect(isDateRangeReversed(undefined, '2026-01-01')).toBe(false)
  })
})
