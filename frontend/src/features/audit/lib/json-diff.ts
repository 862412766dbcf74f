export type FieldChange = 'added' | 'removed' | 'changed' | 'unchanged'

export interface FieldDiff {
  field: string
  before: unknown
  after: unknown
  change: FieldChange
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Stable JSON (object keys sorted) so that key order never counts as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}

/**
 * Field-by-field comparison of an audit event's `before` and `after` snapshots (top-level
 * keys, in the order they appear, `after`'s first). A missing snapshot (creation, deletion)
 * makes every field added or removed. Non-object snapshots compare as one `value` field.
 */
export function diffSnapshots(before: unknown, after: unknown): FieldDiff[] {
  const hasBefore = before !== null && before !== undefined
  const hasAfter = after !== null && after !== undefined
  if (!hasBefore && !hasAfter) return []
  if ((hasBefore && !isObject(before)) || (hasAfter && !isObject(after))) {
    return [{ field: 'value', before, after, change: changeOf(hasBefore, hasAfter, before, after) }]
  }
  const b = (before ?? {}) as Record<string, unknown>
  const a = (after ?? {}) as Record<string, unknown>
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  return fields.map((field) => {
    const inBefore = hasBefore && field in b
    const inAfter = hasAfter && field in a
    return { field, before: b[field], after: a[field], change: changeOf(inBefore, inAfter, b[field], a[field]) }
  })
}

function changeOf(inBefore: boolean, inAfter: boolean, before: unknown, after: unknown): FieldChange {
  if (!inBefore) return 'added'
  if (!inAfter) return 'removed'
  return canonical(before) === canonical(after) ? 'unchanged' : 'changed'
}

/** A snapshot value as shown in the diff: strings bare, everything else as (pretty) JSON, missing as "—". */
export function formatValue(value: unknown): string {
  if (value === undefined) return '—'
  if (typeof value === 'string') return value
  return JSON.stringify(value, null, 2)
}

/** A whole snapshot, pretty-printed; null when there is none. */
export function prettyJson(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return JSON.stringify(value, null, 2)
}
