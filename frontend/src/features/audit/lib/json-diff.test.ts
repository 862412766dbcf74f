import { describe, expect, it } from 'vitest'
import { diffSnapshots, formatValue, prettyJson } from './json-diff'

describe('diffSnapshots', () => {
  it('marks changed, added, removed and unchanged fields', () => {
    const diff = diffSnapshots(
      { status: 'active', reason: null, meta: { a: 1, b: 2 }, gone: 1 },
      { status: 'inactive', reason: 'Old laptop', meta: { b: 2, a: 1 }, extra: true },
    )
    expect(Object.fromEntries(diff.map((d) => [d.field, d.change]))).toEqual({
      status: 'changed',
      reason: 'changed',
      meta: 'unchanged',
      extra: 'added',
      gone: 'removed',
    })
  })

  it('treats a creation as all added and a deletion as all removed', () => {
    expect(diffSnapshots(null, { name: 'Pro' })).toEqual([{ field: 'name', before: undefined, after: 'Pro', change: 'added' }])
    expect(diffSnapshots({ name: 'Pro' }, undefined)).toEqual([{ field: 'name', before: 'Pro', after: undefined, change: 'removed' }])
    expect(diffSnapshots(null, null)).toEqual([])
  })

  it('compares non-object snapshots as one value', () => {
    expect(diffSnapshots([1], [1, 2])).toEqual([{ field: 'value', before: [1], after: [1, 2], change: 'changed' }])
  })
})

describe('formatting', () => {
  it('shows strings bare and other values as JSON', () => {
    expect(formatValue('text')).toBe('text')
    expect(formatValue(3)).toBe('3')
    expect(formatValue(null)).toBe('null')
    expect(formatValue(undefined)).toBe('—')
    expect(formatValue({ a: 1 })).toBe('{\n  "a": 1\n}')
  })

  it('pretty-prints whole snapshots', () => {
    expect(prettyJson(null)).toBeNull()
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}')
  })
})
