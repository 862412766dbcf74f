import { describe, expect, it, vi } from 'vitest'
import { otherTab } from '@/testing/broadcast-channel'
import { webStorageContents } from '@/testing/utils'
import { purgeLegacySessionKeys } from './legacy-storage'
import {
  clearPortalSession,
  endReloadedImpersonation,
  fragmentParam,
  getCustomerSession,
  getPortalSession,
  PORTAL_VIEW_MARKER_KEY,
  portalSessionEndReason,
  resetPortalSession,
  safePortalReturn,
  setPortalSession,
  startImpersonation,
  subscribePortalSession,
} from './portal-session'
import { getSession } from './session'

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

describe('portal session', () => {
  it('keeps the customer session in memory only, apart from the admin session', () => {
    expect(getPortalSession()).toBeNull()
    setPortalSession('portal-1', me)
    expect(getPortalSession()).toEqual({ kind: 'customer', access_token: 'portal-1', customer: me })
    expect(webStorageContents()).toEqual([])
    expect(getSession()).toBeNull()
    // The same object while nothing changed (useSyncExternalStore relies on it).
    expect(getPortalSession()).toBe(getPortalSession())
  })

  it('keeps an impersonation token in memory, this tab only; sessionStorage gets a marker without it', () => {
    setPortalSession('portal-1', me)
    let notified = 0
    const unsubscribe = subscribePortalSession(() => notified++)
    startImpersonation('imp-1')
    expect(getPortalSession()).toEqual({ kind: 'impersonation', access_token: 'imp-1', customer: null })
    expect(webStorageContents()).toEqual([`sessionStorage:${PORTAL_VIEW_MARKER_KEY}=1`])
    expect(JSON.stringify(webStorageContents())).not.toContain('imp-1')

    clearPortalSession('expired')
    expect(portalSessionEndReason()).toBe('impersonation_expired')
    expect(webStorageContents()).toEqual([])
    expect(getPortalSession()?.kind).toBe('customer')
    expect(notified).toBe(2)

    clearPortalSession('logout')
    expect(portalSessionEndReason()).toBe('logout')
    expect(getPortalSession()).toBeNull()
    unsubscribe()
  })

  it('does not survive a reload: a reloaded "View as customer" tab learns that the view ended', () => {
    startImpersonation('imp-1')
    // A reload: memory is gone, the marker is still there.
    resetPortalSession()
    expect(getPortalSession()).toBeNull()
    expect(endReloadedImpersonation()).toBe(true)
    expect(portalSessionEndReason()).toBe('impersonation_expired')
    expect(webStorageContents()).toEqual([])
    // Once: the next load is an ordinary one.
    expect(endReloadedImpersonation()).toBe(false)
  })

  it('is not a reloaded impersonation in any other tab', () => {
    expect(endReloadedImpersonation()).toBe(false)
    startImpersonation('imp-1')
    expect(endReloadedImpersonation()).toBe(false)
  })

  it('shares the customer’s sign-in and sign-out with the other tabs, never the impersonation', async () => {
    const tab = otherTab<{ type: string; session?: { access_token: string } }>('latchkey-portal-session')
    setPortalSession('portal-1', me, { share: true })
    await vi.waitFor(() => expect(tab.received).toHaveLength(1))
    expect(tab.received[0]).toMatchObject({ type: 'session', session: { access_token: 'portal-1' } })

    startImpersonation('imp-1')
    clearPortalSession('logout', { share: true })
    clearPortalSession('logout', { share: true })
    await vi.waitFor(() => expect(tab.received).toHaveLength(2))
    expect(tab.received[1]).toEqual({ type: 'signed-out' })
    expect(JSON.stringify(tab.received)).not.toContain('imp-1')
    tab.close()
  })

  it('takes the customer session another tab signed in with, under this tab’s impersonation', async () => {
    const tab = otherTab('latchkey-portal-session')
    startImpersonation('imp-1')
    tab.post({ type: 'session', session: { access_token: 'portal-7', customer: me } })
    await vi.waitFor(() => expect(getCustomerSession()?.access_token).toBe('portal-7'))
    expect(getPortalSession()?.access_token).toBe('imp-1')
    tab.post({ type: 'signed-out' })
    await vi.waitFor(() => expect(getCustomerSession()).toBeNull())
    expect(getPortalSession()?.access_token).toBe('imp-1')
    tab.close()
  })

  it('removes the tokens older versions left in Web Storage', () => {
    localStorage.setItem('latchkey.admin.session', JSON.stringify({ access_token: 'eyJold', refresh_token: 'r' }))
    localStorage.setItem('latchkey.portal.session', JSON.stringify({ access_token: 'eyJold' }))
    sessionStorage.setItem('latchkey.portal.impersonation', JSON.stringify({ access_token: 'eyJimp' }))
    localStorage.setItem('latchkey.theme', 'dark')
    purgeLegacySessionKeys()
    expect(webStorageContents()).toEqual(['localStorage:latchkey.theme=dark'])
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
