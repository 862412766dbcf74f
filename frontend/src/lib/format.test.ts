import { describe, expect, it } from 'vitest'
import { formatNumber, formatWait, nextSort, parseSort, pluralize } from './format'

describe('formatWait', () => {
  it('rounds up to the largest sensible unit', () => {
    expect(formatWait(1)).toBe('1 second')
    expect(formatWait(30)).toBe('30 seconds')
    expect(formatWait(61)).toBe('2 minutes')
    expect(formatWait(3600)).toBe('1 hour')
  })
})

describe('formatNumber and pluralize', () => {
  it('adds thousands separators', () => {
    expect(formatNumber(0)).toBe('0')
    expect(formatNumber(1234)).toBe('1,234')
    expect(formatNumber(1234567)).toBe('1,234,567')
  })

  it('picks the singular only for exactly one', () => {
    expect(pluralize(1, 'License')).toBe('1 License')
    expect(pluralize(3, 'License')).toBe('3 Licenses')
    expect(pluralize(0, 'License')).toBe('0 Licenses')
    expect(pluralize(1200, 'License')).toBe('1,200 Licenses')
    expect(pluralize(2, 'Activation', 'Activations')).toBe('2 Activations')
    expect(pluralize(2, 'entry', 'entries')).toBe('2 entries')
  })
})

describe('nextSort and parseSort', () => {
  it('toggles ascending, descending, ascending on the same column', () => {
    expect(nextSort(null, 'name')).toBe('name')
    expect(nextSort('name', 'name')).toBe('-name')
    expect(nextSort('-name', 'name')).toBe('name')
  })

  it('starts ascending on a new column', () => {
    expect(nextSort('-created_at', 'email')).toBe('email')
    expect(nextSort('name', 'email')).toBe('email')
    expect(nextSort('', 'email')).toBe('email')
  })

  it('parses the parameter', () => {
    expect(parseSort('-name')).toEqual({ column: 'name', direction: 'desc' })
    expect(parseSort('email')).toEqual({ column: 'email', direction: 'asc' })
    expect(parseSort(null)).toBeNull()
    expect(parseSort('')).toBeNull()
  })
})
