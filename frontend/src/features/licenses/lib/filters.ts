import { LICENSE_STATUSES } from '@/lib/statuses'
import type { LicenseExportQuery, LicenseListQuery, LicenseStatus } from '../api/types'
import { addDays, parseDateInput } from '@/lib/dates'

/**
 * The list's filters as URL parameters. `expires_from`/`expires_to` are calendar days
 * (YYYY-MM-DD, both inclusive); the API's `expires_after`/`expires_before` are derived
 * from them.
 */
export const LICENSE_FILTERS = ['status', 'product_id', 'customer_id', 'expires_from', 'expires_to'] as const
export type LicenseFilter = (typeof LICENSE_FILTERS)[number]

/** Columns the API sorts by. */
export const LICENSE_SORTS = ['key', 'expires_at', 'created_at'] as const
export const DEFAULT_LICENSE_SORT = '-created_at'

export function isLicenseStatus(value: unknown): value is LicenseStatus {
  return typeof value === 'string' && (LICENSE_STATUSES as readonly string[]).includes(value)
}

/** What useListParams gives for this list (`query`). */
export type LicenseUrlQuery = { search?: string; sort?: string; page: number; per_page: number } & Partial<
  Record<LicenseFilter, string>
>

/**
 * The URL state → the list endpoint's query: unknown statuses and invalid dates are
 * dropped; "from" is the start of that day, "to" includes its whole day (before the next
 * day's midnight), both in the browser's time zone.
 */
export function toApiQuery(url: LicenseUrlQuery): LicenseListQuery {
  const query: LicenseListQuery = { page: url.page, per_page: url.per_page }
  if (url.search) query.search = url.search
  if (url.sort) query.sort = url.sort
  if (isLicenseStatus(url.status)) query.status = url.status
  if (url.product_id) query.product_id = url.product_id
  if (url.customer_id) query.customer_id = url.customer_id
  const from = parseDateInput(url.expires_from)
  if (from) query.expires_after = from.toISOString()
  const to = parseDateInput(url.expires_to)
  if (to) query.expires_before = addDays(to, 1).toISOString()
  // An expiry range is listed by expiry (or key): the API refuses the creation order with
  // one, which no index can serve.
  const ranged = Boolean(query.expires_after || query.expires_before)
  if (ranged && (!query.sort || query.sort.replace(/^-/, '') === 'created_at')) query.sort = 'expires_at'
  return query
}

/** The same filters and sort for the CSV export (which has no paging). */
export function toExportQuery(query: LicenseListQuery): LicenseExportQuery {
  const { page: _page, per_page: _perPage, ...rest } = query
  return rest
}

/**
 * Which set of licenses the filters describe (paging and sort left out): a selection
 * belongs to one scope and is dropped when the filters change.
 */
export function filterScope(query: LicenseListQuery): string {
  const { search, status, product_id, customer_id, expires_after, expires_before } = query
  return JSON.stringify([search ?? '', status ?? '', product_id ?? '', customer_id ?? '', expires_after ?? '', expires_before ?? ''])
}

/** Whether the "to" day comes before the "from" day (nothing can match). */
export function isDateRangeReversed(from: string | undefined, to: string | undefined): boolean {
  const a = parseDateInput(from)
  const b = parseDateInput(to)
  return !!a && !!b && b.getTime() < a.getTime()
}
