import { describe, expect, it } from 'vitest'
import { qrMatrix } from './qr'
import { groupSecret, isCompleteCode, normalizeCode } from './totp'

describe('totp helpers', () => {
  it('groups the secret for typing', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJB')).toBe('JBSW Y3DP EHPK 3PXP JB')
  })

  it('keeps only six digits of a code', () => {
    expect(normalizeCode('12 34-56 78')).toBe('123456')
    expect(isCompleteCode('123456')).toBe(true)
    expect(isCompleteCode('12345')).toBe(false)
  })

  it('encodes the otpauth URL as a QR matrix locally', () => {
    const { size, path, margin } = qrMatrix('otpauth://totp/Latchkey:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Latchkey')
    // Version 4+ for ~90 bytes at level M: 33 modules or more, always 4n+17.
    expect(size).toBeGreaterThanOrEqual(33)
    expect((size - 17) % 4).toBe(0)
    expect(margin).toBe(4)
    // The top-left finder pattern starts at the quiet zone's edge.
    expect(path.startsWith('M4 4h1v1h-1z')).toBe(true)
  })
})
