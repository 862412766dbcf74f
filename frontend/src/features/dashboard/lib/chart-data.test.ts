import { describe, expect, it } from 'vitest'
import { hasTraffic, toChartColumns, usageSummary, usageTotals } from './chart-data'
import { parseRange } from './range'
import type { UsageDay } from './types'

const day = (date: string, fields: Partial<UsageDay> = {}): UsageDay => ({
  date,
  activations: 0,
  validations: 0,
  failed_validations: 0,
  deactivations: 0,
  refused_activations: 0,
  ...fields,
})

describe('toChartColumns', () => {
  it('turns UTC days into aligned uPlot columns, sorted by date', () => {
    const columns = toChartColumns([
      day('2026-11-29', { activations: 3, validations: 120, failed_validations: 4 }),
      day('2026-11-28', { activations: 1, validations: 80 }),
      day('not a date', { activations: 99 }),
    ])
    expect(columns.xs).toEqual([Date.UTC(2026, 10, 28) / 1000, Date.UTC(2026, 10, 29) / 1000])
    expect(columns.activations).toEqual([1, 3])
    expect(columns.validations).toEqual([80, 120])
    expect(columns.failedValidations).toEqual([0, 4])
  })

})

describe('totals and summary', () => {
  const usage = [
    day('2026-11-27'),
    day('2026-11-28', { activations: 2, validations: 1500, failed_validations: 12, deactivations: 1 }),
    day('2026-11-29', { activations: 1, validations: 300, refused_activations: 2 }),
  ]

  it('adds up every counter', () => {
    expect(usageTotals(usage)).toEqual({
      activations: 3,
      validations: 1800,
      failed_validations: 12,
      deactivations: 1,
      refused_activations: 2,
    })
  })

  it('describes the range in words, with the busiest day', () => {
    expect(usageSummary(usage, 7)).toBe(
      'In the last 7 days: 3 activations and 1,800 validations (12 failed). Busiest day: Nov 28, 2026, with 2 activations and 1,500 validations.',
    )
  })

  it('knows when there was no traffic', () => {
    expect(hasTraffic([day('2026-11-29'), day('2026-11-28')])).toBe(false)
    expect(hasTraffic([day('2026-11-29', { refused_activations: 1 })])).toBe(true)
    expect(usageSummary([day('2026-11-29')], 30)).toBe('No licensing traffic in the last 30 days.')
  })
})

describe('parseRange', () => {
  it('accepts the offered ranges only', () => {
    expect(parseRange('7')).toBe(7)
    expect(parseRange('90')).toBe(90)
    expect(parseRange(null)).toBe(30)
    expect(parseRange('12')).toBe(30)
    expect(parseRange('abc')).toBe(30)
  })
})
