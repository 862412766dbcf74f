import { describe, expect, it } from 'vitest'
import { statLinks } from './stat-links'

describe('statLinks', () => {
  it('points each number at the list it counts', () => {
    expect(statLinks.customers).toBe('/admin/customers')
    expect(statLinks.licenseStatus('suspended')).toBe('/admin/licenses?status=suspended')
    expect(statLinks.activeActivations).toBe('/admin/activations?status=active')
  })

  it('links "expiring soon" to the license list filtered from today through N days, soonest first', () => {
    const now = new Date(2026, 10, 29, 15, 30)
    expect(statLinks.expiringSoon(30, now)).toBe('/admin/licenses?expires_from=2026-11-29&expires_to=2026-12-29&sort=expires_at')
  })
})
