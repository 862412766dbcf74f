/** The traffic ranges the dashboard offers (`?days=`); the API accepts 1 to 90. */
export const RANGE_OPTIONS = [7, 30, 90] as const
export type RangeDays = (typeof RANGE_OPTIONS)[number]
export const DEFAULT_RANGE: RangeDays = 30

/** `?days=` from the URL: one of the offered ranges, else the default. */
export function parseRange(raw: string | null | undefined): RangeDays {
  const n = Number(raw)
  return (RANGE_OPTIONS as readonly number[]).includes(n) ? (n as RangeDays) : DEFAULT_RANGE
}
