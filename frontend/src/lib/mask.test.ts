import { describe, expect, it } from 'vitest'
import { maskKey } from './mask'

describe('maskKey', () => {
  it('keeps the first and last group of a chunked key', () => {
    expect(maskKey('ABCD-EFGH-JKLM-WXYZ')).toBe('ABCD-••••-••••-WXYZ')
    expect(maskKey('PRO-ABCDE-XYZ')).toBe('PRO-•••••-XYZ')
  })

  it('masks the middle groups of a UUID', () => {
    expect(maskKey('0193abcd-1111-7cc0-8a55-0d4e3b1f2a10')).toBe('0193abcd-••••-••••-••••-0d4e3b1f2a10')
  })

  it('masks keys without enough groups by characters', () => {
    expect(maskKey('ABCDEFGHIJKLMNOP')).toBe('ABCD••••••••MNOP')
    expect(maskKey('ABCDEFGH')).toBe('ABCD••••')
    expect(maskKey('ABCD-EFGHIJKLMNO')).toBe('ABCD-•••••••LMNO')
    expect(maskKey('AB')).toBe('A•')
  })
})
