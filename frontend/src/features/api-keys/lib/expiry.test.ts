import { describe, expect, it } from 'vitest'
import { expiresAtFor } from './expiry'

describe('expiresAtFor', () => {
  const now = new Date('2026-11-29T12:00:00Z')

  it('gives null for never and adds days for the presets', () => {
    expect(expiresAtFor('never', '', now)).toEqual({ ok: true, expiresAt: null })
    expect(expiresAtFor('30', '', now)).toEqual({ ok: true, expiresAt: '2026-12-29T12:00:00.000Z' })
    expect(expiresAtFor('365', '', now)).toEqual({ ok: true, expiresAt: '2027-11-29T12:00:00.000Z' })
  })

  it('keeps a custom date working through that whole day', () => {
    const result = expiresAtFor('custom', '2027-06-30', now)
    expect(result).toEqual({ ok: true, expiresAt: new Date(2027, 6, 1).toISOString() })
  })

  it('refuses a missing, impossible or past date', () => {
    expect(expiresAtFor('custom', '', now)).toMatchObject({ ok: false })
    expect(expiresAtFor('custom', '2027-02-30', now)).toMatchObject({ ok: false })
    expect(expiresAtFor('custom', '2026-01-01', now)).toEqual({ ok: false, message: 'The date must be today or later' })
  })
})
