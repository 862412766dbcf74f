/** "in 45 seconds", "in 2 minutes", "in 1 hour" – for rate-limit messages. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds))
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`
  const m = Math.ceil(s / 60)
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`
  const h = Math.ceil(m / 60)
  return `${h} hour${h === 1 ? '' : 's'}`
}

const numberFormatter = new Intl.NumberFormat('en-US')

/** 1234567 → "1,234,567". */
export function formatNumber(value: number): string {
  return numberFormatter.format(value)
}

/** `pluralize(1, 'License')` → "1 License"; `pluralize(3, 'License')` → "3 Licenses"; 1,234 keeps its separator. */
export function pluralize(count: number, singular: string, plural: string = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`
}

/** A list's `sort` parameter: `column` (ascending) or `-column` (descending). */
export type SortDirection = 'asc' | 'desc'

/** Reads `-name` as `{ column: 'name', direction: 'desc' }`; null for no sort. */
export function parseSort(sort: string | null | undefined): { column: string; direction: SortDirection } | null {
  if (!sort) return null
  return sort.startsWith('-') ? { column: sort.slice(1), direction: 'desc' } : { column: sort, direction: 'asc' }
}

/**
 * The seed's header toggle: clicking a column that is not the sort gives it ascending
 * (`name`); clicking the ascending column gives descending (`-name`); clicking the
 * descending column gives ascending again.
 */
export function nextSort(current: string | null | undefined, column: string): string {
  return current === column ? `-${column}` : column
}
