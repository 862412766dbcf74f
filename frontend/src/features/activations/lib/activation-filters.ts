import type { ActivationStatus } from '@/lib/api/types'
import { ACTIVATION_STATUSES } from '@/lib/statuses'
import type { ActivationListQuery } from '../api/types'

/** The URL parameters of `/admin/activations` besides `sort` and `page`. */
export const ACTIVATION_FILTERS = ['status', 'product_id', 'stale_days', 'license_id', 'customer_id'] as const
export type ActivationFilterKey = (typeof ACTIVATION_FILTERS)[number]
export type ActivationFilters = Record<ActivationFilterKey, string | undefined>

/** The API's default order: newest activations first. */
export const DEFAULT_ACTIVATION_SORT = '-activated_at'
/** The columns the API sorts by. */
export const ACTIVATION_SORT_COLUMNS = ['last_verified_at', 'activated_at'] as const

/** "Not verified for" presets, in days (the support workflow looks for 30+ day old devices). */
export const STALE_PRESETS = [7, 30, 90] as const
/** The API accepts 1 to 3650 days. */
export const MAX_STALE_DAYS = 3650

/** A `stale_days` value from the URL or an input: a whole number of days 1…3650, else undefined. */
export function parseStaleDays(raw: string | number | null | undefined): number | undefined {
  if (raw === null || raw === undefined) return undefined
  const text = String(raw).trim()
  if (!/^\d+$/.test(text)) return undefined
  const days = Number(text)
  return days >= 1 && days <= MAX_STALE_DAYS ? days : undefined
}

/** Which option the "Stale for" select shows: '' (any), a preset ('7', '30', '90') or 'custom'. */
export function staleSelectValue(days: number | undefined, customMode = false): string {
  if (days === undefined) return customMode ? 'custom' : ''
  return (STALE_PRESETS as readonly number[]).includes(days) && !customMode ? String(days) : 'custom'
}

/** "Not verified for 30+ days" (for chips, empty states and screen readers). */
export function staleLabel(days: number): string {
  return `Not verified for ${days}+ day${days === 1 ? '' : 's'}`
}

export function isActivationStatus(value: string | null | undefined): value is ActivationStatus {
  return (ACTIVATION_STATUSES as readonly string[]).includes(value ?? '')
}

/** Keeps `sort` only when it names a sortable column (`activated_at`, `-last_verified_at`, …). */
export function validActivationSort(sort: string | null | undefined): string {
  if (!sort) return DEFAULT_ACTIVATION_SORT
  const column = sort.startsWith('-') ? sort.slice(1) : sort
  return (ACTIVATION_SORT_COLUMNS as readonly string[]).includes(column) ? sort : DEFAULT_ACTIVATION_SORT
}

/**
 * The URL state as `GET /admin/activations` query parameters: unknown statuses, invalid
 * day counts and unsortable columns are dropped (the URL may have been typed by hand).
 */
export function toActivationQuery(state: {
  filters: Partial<ActivationFilters>
  sort: string | null
  page: number
  perPage: number
}): ActivationListQuery {
  const { filters } = state
  const query: ActivationListQuery = { page: state.page, per_page: state.perPage }
  const sort = validActivationSort(state.sort)
  if (sort !== DEFAULT_ACTIVATION_SORT) query.sort = sort
  if (isActivationStatus(filters.status)) query.status = filters.status
  const stale = parseStaleDays(filters.stale_days)
  if (stale !== undefined) query.stale_days = stale
  const productId = filters.product_id?.trim()
  if (productId) query.product_id = productId
  const licenseId = filters.license_id?.trim()
  if (licenseId) query.license_id = licenseId
  const customerId = filters.customer_id?.trim()
  if (customerId) query.customer_id = customerId
  return query
}

/** Whether any filter narrows the list (for "Clear filters" and the empty state's wording). */
export function hasActivationFilters(filters: Partial<ActivationFilters>): boolean {
  return (
    isActivationStatus(filters.status) ||
    parseStaleDays(filters.stale_days) !== undefined ||
    !!filters.product_id?.trim() ||
    !!filters.license_id?.trim() ||
    !!filters.customer_id?.trim()
  )
}

/** Days since `iso` (whole days, rounded down); null when never. */
export function daysSince(iso: string | null | undefined, now: number = Date.now()): number | null {
  if (!iso) return null
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return null
  return Math.floor((now - at) / 86_400_000)
}

/** An active device not verified for 30 days or more (or never) is probably abandoned. */
export const STALE_WARNING_DAYS = 30

export function looksAbandoned(activation: { status: string; last_verified_at?: string | null; activated_at: string }, now: number = Date.now()): boolean {
  if (activation.status !== 'active') return false
  const days = daysSince(activation.last_verified_at ?? null, now)
  if (days === null) return (daysSince(activation.activated_at, now) ?? 0) >= STALE_WARNING_DAYS
  return days >= STALE_WARNING_DAYS
}
