import { afterEach, describe, expect, it } from 'vitest'
import { jsonResponse, makeTokens, problem, stubFetch } from '@/testing/utils'
import { api } from './api-client'
import { portalApi } from './portal-api-client'
import { getPortalSession, portalSessionEndReason, setPortalSession, startImpersonation } from './portal-session'
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

afterEach(() => sessionStorage.clear())

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

  it('ends the session on a 401, and not for a token signed out meanwhile', async () => {
    setPortalSession('portal-1', me)
    stubFetch([() => jsonResponse(problem(401, 'unauthorized', 'The session has expired.'), { status: 401 })])
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
})
