import { describe, expect, it } from 'vitest'
import { dateRangeError, hasAuditFilters, sinceOf, toAuditQuery, untilOf } from './audit-filters'

// Vitest runs with TZ=UTC (vite.config.ts), so local midnight is 00:00Z.
describe('date range', () => {
  it('ignores what is not a calendar date', () => {
    expect(sinceOf('2026-02-30')).toBeUndefined()
    expect(untilOf('26/01/2026')).toBeUndefined()
  })

  it('turns the inclusive "to" date into the exclusive start of the next day', () => {
    expect(sinceOf('2026-01-26')).toBe('2026-01-26T00:00:00.000Z')
    expect(untilOf('2026-01-26')).toBe('2026-01-27T00:00:00.000Z')
    expect(untilOf('2026-12-31')).toBe('2027-01-01T00:00:00.000Z')
    expect(untilOf('nope')).toBeUndefined()
  })

  it('refuses a backwards range but allows a single day', () => {
    expect(dateRangeError('2026-02-01', '2026-01-01')).toMatch(/before the start/)
    expect(dateRangeError('2026-01-01', '2026-01-01')).toBeNull()
    expect(dateRangeError(undefined, '2026-01-01')).toBeNull()
  })
})

describe('toAuditQuery', () => {
  const base = { sort: '-occurred_at', page: 1, perPage: 25 }

  it('maps every filter to the API', () => {
    expect(
      toAuditQuery({
        ...base,
        sort: 'occurred_at',
        page: 2,
        filters: {
          action: 'activation.deactivated',
          actor_kind: 'admin',
          actor_id: ' a1 ',
          subject_type: 'activation',
          subject_id: 's1',
          customer_id: 'c1',
          since: '2026-01-01',
          until: '2026-01-31',
        },
      }),
    ).toEqual({
      page: 2,
      per_page: 25,
      sort: 'occurred_at',
      action: 'activation.deactivated',
      actor_kind: 'admin',
      actor_id: 'a1',
      subject_type: 'activation',
      subject_id: 's1',
      customer_id: 'c1',
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-02-01T00:00:00.000Z',
    })
  })

  it('drops blanks, unknown actor kinds, the default sort and a backwards end date', () => {
    expect(
      toAuditQuery({
        ...base,
        filters: { action: '  ', actor_kind: 'robot', since: '2026-02-01', until: '2026-01-01' },
      }),
    ).toEqual({ page: 1, per_page: 25, since: '2026-02-01T00:00:00.000Z' })
  })

  it('knows when the trail is filtered', () => {
    expect(hasAuditFilters({})).toBe(false)
    expect(hasAuditFilters({ action: ' ' })).toBe(false)
    expect(hasAuditFilters({ until: '2026-01-01' })).toBe(true)
  })
})
