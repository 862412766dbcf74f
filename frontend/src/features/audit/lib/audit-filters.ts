import { parseDateInput, startOfNextDay } from '@/lib/dates'
import type { ActorKind, AuditQuery } from '../api/types'
import { ACTOR_KINDS } from './audit-labels'

/** The URL parameters of `/admin/audit` besides `sort` and `page`. `since`/`until` are calendar dates (YYYY-MM-DD). */
export const AUDIT_FILTERS = ['action', 'actor_kind', 'actor_id', 'subject_type', 'subject_id', 'customer_id', 'since', 'until'] as const
export type AuditFilterKey = (typeof AUDIT_FILTERS)[number]
export type AuditFilters = Record<AuditFilterKey, string | undefined>

export const DEFAULT_AUDIT_SORT = '-occurred_at'

/** The `since` parameter for a "from" date: the start of that day in the browser's zone (RFC 3339). */
export function sinceOf(day: string | null | undefined): string | undefined {
  return parseDateInput(day)?.toISOString()
}

/** The `until` parameter for a "to" date, which is inclusive: the start of the next day (the API's `until` is exclusive). */
export function untilOf(day: string | null | undefined): string | undefined {
  const date = parseDateInput(day)
  if (!date) return undefined
  return startOfNextDay(date).toISOString()
}

/** A message when the range is backwards (the API would refuse it), else null. */
export function dateRangeError(since: string | null | undefined, until: string | null | undefined): string | null {
  const from = parseDateInput(since)
  const to = parseDateInput(until)
  if (from && to && to < from) return 'The end date is before the start date.'
  return null
}

export function isActorKind(value: string | null | undefined): value is ActorKind {
  return (ACTOR_KINDS as readonly string[]).includes(value ?? '')
}

/**
 * The URL state as `GET /admin/audit-events` parameters: dates become RFC 3339 times,
 * unknown actor kinds and a backwards date range are dropped, blanks are left out.
 */
export function toAuditQuery(state: { filters: Partial<AuditFilters>; sort: string | null; page: number; perPage: number }): AuditQuery {
  const { filters } = state
  const query: AuditQuery = { page: state.page, per_page: state.perPage }
  if (state.sort === 'occurred_at') query.sort = 'occurred_at'
  const text = (v: string | undefined) => v?.trim() || undefined
  const action = text(filters.action)
  if (action) query.action = action
  if (isActorKind(filters.actor_kind)) query.actor_kind = filters.actor_kind
  const actorId = text(filters.actor_id)
  if (actorId) query.actor_id = actorId
  const subjectType = text(filters.subject_type)
  if (subjectType) query.subject_type = subjectType
  const subjectId = text(filters.subject_id)
  if (subjectId) query.subject_id = subjectId
  const customerId = text(filters.customer_id)
  if (customerId) query.customer_id = customerId
  const since = sinceOf(filters.since)
  if (since) query.since = since
  if (!dateRangeError(filters.since, filters.until)) {
    const until = untilOf(filters.until)
    if (until) query.until = until
  }
  return query
}

/** Whether any filter narrows the trail. */
export function hasAuditFilters(filters: Partial<AuditFilters>): boolean {
  return AUDIT_FILTERS.some((key) => !!filters[key]?.trim())
}
