import { afterEach, describe, expect, it, vi } from 'vitest'
import { makePortalTokens } from '@/testing/portal'
import { freshPageLoad, jsonResponse, makeTokens, problem, stubFetch, webStorageContents } from '@/testing/utils'
import { api } from './api-client'
import { PORTAL_REFRESH_LOCK, portalApi, refreshPortalSession, restorePortalSession } from './portal-api-client'
import {
  getPortalRestoreState,
  getPortalSession,
  PORTAL_VIEW_MARKER_KEY,
  portalSessionEndReason,
  resetPortalSession,
  setPortalSession,
  startImpersonation,
} from './portal-session'
import { sessionFromTokens, setSession } from './session'

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

const unauthorized = (detail = 'The session has expired.') => jsonResponse(problem(401, 'unauthorized', detail), { status: 401 })

afterEach(() => {
  delete (navigator as { locks?: unknown }).locks
})

describe('portal API client', () => {
  it('sends the customer token to portal endpoints, but not to the sign-in endpoints', async () => {
    setPortalSession('portal-1', me)
    const calls = stubFetch(() => jsonResponse(me))
    await portalApi.GET('/api/v1/portal/me')
    await portalApi.POST('/api/v1/portal/auth/magic-link', { body: { email: 'grace@example.com' } })
    await portalApi.POST('/api/v1/portal/auth/logout')
    expect(calls.map((c) => [c.path, c.headers.get('Authorization')])).toEqual([
      ['/api/v1/portal/me', 'Bearer portal-1'],
      ['/api/v1/portal/auth/magic-link', null],
      ['/api/v1/portal/auth/logout', 'Bearer portal-1'],
    ])
  })

  it('sends this tab’s impersonation token instead of the customer’s own', async () => {
    setPortalSession('portal-1', me)
    startImpersonation('imp-1')
    const calls = stubFetch(() => jsonResponse(me))
    await portalApi.GET('/api/v1/portal/me')
    expect(calls[0].headers.get('Authorization')).toBe('Bearer imp-1')
  })

  it('never calls an admin endpoint, and the admin client never carries the portal token', async () => {
    setPortalSession('portal-1', me)
    const calls = stubFetch(() => jsonResponse({}))
    await expect(portalApi.GET('/api/v1/admin/me' as '/api/v1/portal/me')).rejects.toThrow(/only calls \/api\/v1\/portal/)
    expect(calls).toHaveLength(0)

    await api.GET('/api/v1/admin/me')
    setSession(sessionFromTokens(makeTokens({ access_token: 'admin-1' })))
    await api.GET('/api/v1/admin/me')
    expect(calls.map((c) => c.headers.get('Authorization'))).toEqual([null, 'Bearer admin-1'])
  })

  it('on 401 renews the customer’s token with the cookie (body {}, X-Latchkey-CSRF: 1) and retries', async () => {
    setPortalSession('portal-1', me)
    const calls = stubFetch([
      () => unauthorized(),
      () => jsonResponse(makePortalTokens({ access_token: 'portal-2' })),
      () => jsonResponse({ data: [], meta: { page: 1, per_page: 25, total: 0, total_pages: 0 } }),
    ])
    const { response } = await portalApi.GET('/api/v1/portal/licenses')
    expect(response.status).toBe(200)
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/v1/portal/licenses',
      'POST /api/v1/portal/auth/refresh',
      'GET /api/v1/portal/licenses',
    ])
    expect(calls[1].body).toEqual({})
    expect(calls[1].headers.get('X-Latchkey-CSRF')).toBe('1')
    expect(calls[1].headers.get('Authorization')).toBeNull()
    expect(calls[2].headers.get('Authorization')).toBe('Bearer portal-2')
    expect(getPortalSession()).toMatchObject({ kind: 'customer', access_token: 'portal-2' })
    expect(webStorageContents()).toEqual([])
  })

  it('sends one renewal for concurrent 401s', async () => {
    setPortalSession('portal-1', me)
    const calls = stubFetch((request) => {
      if (request.path === '/api/v1/portal/auth/refresh') return jsonResponse(makePortalTokens({ access_token: 'portal-2' }))
      return request.headers.get('Authorization') === 'Bearer portal-2' ? jsonResponse(me) : unauthorized()
    })
    const results = await Promise.all([portalApi.GET('/api/v1/portal/me'), portalApi.GET('/api/v1/portal/me'), refreshPortalSession()])
    expect(results.slice(0, 2).map((r) => (r as { response: Response }).response.status)).toEqual([200, 200])
    expect(calls.filter((c) => c.path === '/api/v1/portal/auth/refresh')).toHaveLength(1)
  })

  it('ends the session when it cannot be renewed, and not for a token signed out meanwhile', async () => {
    setPortalSession('portal-1', me)
    stubFetch([() => unauthorized(), () => unauthorized('The session has ended.')])
    const { response } = await portalApi.GET('/api/v1/portal/licenses')
    expect(response.status).toBe(401)
    expect(getPortalSession()).toBeNull()
    expect(portalSessionEndReason()).toBe('expired')

    // A wrong password at sign-in is the form's business, not a session ending.
    setPortalSession('portal-2', me)
    stubFetch([() => jsonResponse(problem(401, 'invalid_credentials', 'Invalid email or password.'), { status: 401 })])
    await portalApi.POST('/api/v1/portal/auth/login', { body: { email: 'x@example.com', password: 'nope' } })
    expect(getPortalSession()?.access_token).toBe('portal-2')
  })

  it('never renews a "View as customer" token: its 401 ends the view', async () => {
    startImpersonation('imp-1')
    const calls = stubFetch([() => unauthorized()])
    await portalApi.GET('/api/v1/portal/me')
    expect(calls).toHaveLength(1)
    expect(getPortalSession()).toBeNull()
    expect(portalSessionEndReason()).toBe('impersonation_expired')
  })

  it('renews under the Web Lock latchkey-portal-refresh', async () => {
    const requested: string[] = []
    Object.defineProperty(navigator, 'locks', {
      configurable: true,
      value: {
        request: (name: string, _options: unknown, callback: () => Promise<unknown>) => {
          requested.push(name)
          return callback()
        },
      },
    })
    setPortalSession('portal-1', me)
    stubFetch(() => jsonResponse(makePortalTokens({ access_token: 'portal-2' })))
    await refreshPortalSession()
    expect(requested).toEqual([PORTAL_REFRESH_LOCK])
    expect(PORTAL_REFRESH_LOCK).toBe('latchkey-portal-refresh')
  })
})

describe('restoring the portal session on a page load', () => {
  it('signs the customer in from the refresh cookie, once', async () => {
    freshPageLoad()
    const calls = stubFetch(() => jsonResponse(makePortalTokens({ access_token: 'portal-9' })))
    const [first, second] = await Promise.all([restorePortalSession(), restorePortalSession()])
    expect(first?.access_token).toBe('portal-9')
    expect(second?.access_token).toBe('portal-9')
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/portal/auth/refresh', body: {} })
    expect(calls[0].headers.get('X-Latchkey-CSRF')).toBe('1')
    expect(getPortalRestoreState()).toBe('done')
    expect(webStorageContents()).toEqual([])
  })

  it('is signed out when the cookie renews nothing', async () => {
    freshPageLoad()
    stubFetch(() => unauthorized('Send `refresh_token` in the body, or the refresh cookie set at sign-in.'))
    expect(await restorePortalSession()).toBeNull()
    expect(getPortalSession()).toBeNull()
    expect(getPortalRestoreState()).toBe('done')
  })

  it('sends nothing in a reloaded "View as customer" tab, which learns that the view ended', async () => {
    startImpersonation('imp-1')
    resetPortalSession()
    expect(sessionStorage.getItem(PORTAL_VIEW_MARKER_KEY)).toBe('1')
    const calls = stubFetch(() => jsonResponse(makePortalTokens()))
    expect(await restorePortalSession()).toBeNull()
    expect(calls).toHaveLength(0)
    expect(portalSessionEndReason()).toBe('impersonation_expired')
    expect(webStorageContents()).toEqual([])
  })

  it('sends nothing in a tab that shows an impersonation', async () => {
    freshPageLoad()
    startImpersonation('imp-1')
    const calls = stubFetch(() => jsonResponse(makePortalTokens()))
    await restorePortalSession()
    expect(calls).toHaveLength(0)
    expect(vi.isMockFunction(globalThis.fetch)).toBe(true)
  })
})
