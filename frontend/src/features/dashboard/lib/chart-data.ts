import { formatUtcDay, utcDayToUnix } from '@/lib/dates'
import { formatNumber, pluralize } from '@/lib/format'
import type { UsageDay } from './types'

/** uPlot's column data: x (Unix seconds at UTC midnight), then one array per series. */
export interface ChartColumns {
  xs: number[]
  validations: number[]
  failedValidations: number[]
  activations: number[]
}

export interface UsageTotals {
  activations: number
  validations: number
  failed_validations: number
  deactivations: number
  refused_activations: number
}

/** The API's days (oldest first, every day present) as chart columns; malformed days are skipped, order is by date. */
export function toChartColumns(usage: readonly UsageDay[]): ChartColumns {
  const days = usage
    .map((day) => ({ day, x: utcDayToUnix(day.date) }))
    .filter((entry) => Number.isFinite(entry.x))
    .sort((a, b) => a.x - b.x)
  return {
    xs: days.map((d) => d.x),
    validations: days.map((d) => d.day.validations),
    failedValidations: days.map((d) => d.day.failed_validations),
    activations: days.map((d) => d.day.activations),
  }
}

export function usageTotals(usage: readonly UsageDay[]): UsageTotals {
  const totals: UsageTotals = { activations: 0, validations: 0, failed_validations: 0, deactivations: 0, refused_activations: 0 }
  for (const day of usage) {
    totals.activations += day.activations
    totals.validations += day.validations
    totals.failed_validations += day.failed_validations
    totals.deactivations += day.deactivations
    totals.refused_activations += day.refused_activations
  }
  return totals
}

/** Whether anything was counted in the range (else the chart gives way to an empty state). */
export function hasTraffic(usage: readonly UsageDay[]): boolean {
  const t = usageTotals(usage)
  return t.activations + t.validations + t.deactivations + t.refused_activations > 0
}

/**
 * One or two sentences for screen readers (and under the chart): totals for the range and
 * the busiest day.
 */
export function usageSummary(usage: readonly UsageDay[], days: number): string {
  const t = usageTotals(usage)
  const range = `the last ${pluralize(days, 'day')}`
  if (!hasTraffic(usage)) return `No licensing traffic in ${range}.`
  let text = `In ${range}: ${pluralize(t.activations, 'activation')} and ${pluralize(t.validations, 'validation')}`
  text += t.failed_validations > 0 ? ` (${formatNumber(t.failed_validations)} failed).` : '.'
  const busiest = usage.reduce<UsageDay | null>(
    (best, day) => (!best || day.validations + day.activations > best.validations + best.activations ? day : best),
    null,
  )
  if (busiest && busiest.validations + busiest.activations > 0) {
    text += ` Busiest day: ${formatUtcDay(busiest.date)}, with ${pluralize(busiest.activations, 'activation')} and ${pluralize(busiest.validations, 'validation')}.`
  }
  return text
}
