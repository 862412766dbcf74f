import { afterEach, describe, expect, it } from 'vitest'
import {
  clearPortalSession,
  fragmentParam,
  getPortalSession,
  PORTAL_IMPERSONATION_KEY,
  PORTAL_SESSION_KEY,
  portalSessionEndReason,
  safePortalReturn,
  setPortalSession,
  startImpersonation,
  subscribePortalSession,
} from './portal-session'

const me = {
  id: 'c1',
  name: null,
  email: 'grace@example.com',
  status: 'active' as const,
  email_verified: true,
  two_factor_enabled: false,
  last_login_at: null,
  created_at: '2026-01-02T09:00:00Z',
  impersonated: false,
  read_only: false,
}

afterEach(() => sessionStorage.clear())

describe('portal session', () => {
  it('keeps the customer session in localStorage, apart from the admin session', () => {
    expect(getPortalSession()).toBeNull()
    setPortalSession('portal-1', me)
    expect(JSON.parse(localStorage.getItem(PORTAL_SESSION_KEY)!)).toEqual({ access_token: 'portal-1', customer: me })
    expect(localStorage.getItem('latchkey.admin.session')).toBeNull()
    expect(getPortalSession()).toEqual({ kind: 'customer', access_token: 'portal-1', customer: me })
    // The same object while nothing changed (useSyncExternalStore relies on it).
    expect(getPortalSession()).toBe(getPortalSession())
  })

  it('uses this tab’s impersonation before the customer’s own session, and ends only the impersonation', () => {
    setPortalSession('portal-1', me)
    let notified = 0
    const unsubscribe = subscribePortalSession(() => notified++)
    startImpersonation('imp-1')
    expect(sessionStorage.getItem(PORTAL_IMPERSONATION_KEY)).not.toBeNull()
    expect(getPortalSession()).toEqual({ kind: 'impersonation', access_token: 'imp-1', customer: null })

    clearPortalSession('expired')
    expect(portalSessionEndReason()).toBe('impersonation_expired')
    expect(sessionStorage.getItem(PORTAL_IMPERSONATION_KEY)).toBeNull()
    expect(getPortalSession()?.kind).toBe('customer')
    expect(notified).toBe(2)

    clearPortalSession('logout')
    expect(portalSessionEndReason()).toBe('logout')
    expect(getPortalSession()).toBeNull()
    unsubscribe()
  })

  it('treats a corrupt stored value as signed out', () => {
    localStorage.setItem(PORTAL_SESSION_KEY, '{not json')
    expect(getPortalSession()).toBeNull()
    localStorage.setItem(PORTAL_SESSION_KEY, JSON.stringify({ customer: me }))
    expect(getPortalSession()).toBeNull()
  })

  it('reads tokens from a link fragment', () => {
    expect(fragmentParam('#token=abc.def-ghi', 'token')).toBe('abc.def-ghi')
    expect(fragmentParam('#impersonation_token=eyJ.x.y', 'impersonation_token')).toBe('eyJ.x.y')
    expect(fragmentParam('#token=', 'token')).toBeNull()
    expect(fragmentParam('', 'token')).toBeNull()
  })

  it('returns only to portal pages after signing in', () => {
    expect(safePortalReturn('/portal/licenses?page=2')).toBe('/portal/licenses?page=2')
    expect(safePortalReturn('/portal')).toBe('/portal')
    expect(safePortalReturn('/portal/login')).toBe('/portal')
    expect(safePortalReturn('/portalx')).toBe('/portal')
    expect(safePortalReturn('/admin/customers')).toBe('/portal')
    expect(safePortalReturn('//evil.example/portal')).toBe('/portal')
    expect(safePortalReturn(undefined)).toBe('/portal')
  })
})
