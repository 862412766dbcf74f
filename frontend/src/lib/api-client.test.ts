import createClient from 'openapi-fetch'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { otherTab } from '@/testing/broadcast-channel'
import { freshPageLoad, jsonResponse, makeAdmin, makeTokens, problem, stubFetch, webStorageContents } from '@/testing/utils'
import { ADMIN_REFRESH_LOCK, api, authMiddleware, refreshSession, restoreSession, setSessionExpiredHandler } from './api-client'
import { clearSession, getRestoreState, getSession, sessionFromTokens, setSession, type Session } from './session'

function signIn() {
  setSession(sessionFromTokens(makeTokens({ access_token: 'access-1' })))
}

const refreshed = (token = 'access-2') => jsonResponse(makeTokens({ access_token: token }))
const unauthorized = (detail = 'Token expired') => jsonResponse(problem(401, 'unauthorized', detail), { status: 401 })

afterEach(() => {
  setSessionExpiredHandler(null)
  delete (navigator as { locks?: unknown }).locks
})

/** Gives this (test) tab a Web Locks API. */
function installLocks(locks: ReturnType<typeof fakeLocks>) {
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true })
}

/** An authenticated endpoint with a body, outside /auth/, for the replay test. */
interface TestPaths {
  '/api/v1/admin/things': {
    post: {
      requestBody: { content: { 'application/json': { name: string } } }
      responses: { 201: { content: { 'application/json': { id: string } } } }
    }
  }
}

/**
 * A Web Locks API for one tab, or for several sharing `held` (the browser's lock table):
 * exclusive, first come first served.
 */
function fakeLocks(held = new Map<string, Promise<unknown>>()) {
  const requested: string[] = []
  const locks = {
    requested,
    request<T>(name: string, _options: { mode: 'exclusive' }, callback: () => Promise<T>): Promise<T> {
      requested.push(name)
      const previous = held.get(name) ?? Promise.resolve()
      const run = previous.catch(() => undefined).then(callback)
      held.set(
        name,
        run.catch(() => undefined),
      )
      return run
    },
  }
  return locks
}

describe('api client', () => {
  it('sends the access token as a bearer', async () => {
    signIn()
    const calls = stubFetch([() => jsonResponse(makeAdmin())])
    const { data } = await api.GET('/api/v1/admin/me')
    expect(data?.email).toBe('ada@example.com')
    expect(calls[0].headers.get('Authorization')).toBe('Bearer access-1')
  })

  it('never sends the admin token to the client portal API', async () => {
    signIn()
    const calls = stubFetch([() => jsonResponse({})])
    await expect(api.GET('/api/v1/portal/me')).rejects.toThrow('does not call /api/v1/portal/me')
    expect(calls).toHaveLength(0)
  })

  it('on 401 renews with the cookie (body {}, X-Latchkey-CSRF: 1) and retries with the new token', async () => {
    signIn()
    const calls = stubFetch([
      () => unauthorized(),
      () => refreshed('access-2'),
      () => jsonResponse(makeAdmin({ email: 'after@example.com' })),
    ])

    const { data, error } = await api.GET('/api/v1/admin/me')

    expect(error).toBeUndefined()
    expect(data?.email).toBe('after@example.com')
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/v1/admin/me',
      'POST /api/v1/admin/auth/refresh',
      'GET /api/v1/admin/me',
    ])
    expect(calls[1].body).toEqual({})
    expect(calls[1].headers.get('X-Latchkey-CSRF')).toBe('1')
    expect(calls[1].headers.get('Content-Type')).toContain('application/json')
    expect(calls[1].headers.get('Authorization')).toBeNull()
    expect(calls[2].headers.get('Authorization')).toBe('Bearer access-2')
    expect(getSession()?.access_token).toBe('access-2')
    // Memory only: nothing token-like lands in Web Storage.
    expect(webStorageContents()).toEqual([])
  })

  it('keeps no refresh token, even if an answer carried one', async () => {
    signIn()
    stubFetch([() => unauthorized(), () => jsonResponse(makeTokens({ access_token: 'access-2', refresh_token: 'leaked-refresh' })), () => jsonResponse(makeAdmin())])
    await api.GET('/api/v1/admin/me')
    expect(JSON.stringify(getSession())).not.toContain('leaked-refresh')
    expect(Object.keys(getSession()!).sort()).toEqual(['access_token', 'admin', 'expires_at', 'token_type'])
    expect(webStorageContents()).toEqual([])
  })

  it('replays the request body on retry', async () => {
    signIn()
    const client = createClient<TestPaths>({ baseUrl: location.origin, fetch: (r) => globalThis.fetch(r) })
    client.use(authMiddleware)
    const calls = stubFetch([() => unauthorized(), () => refreshed('access-2'), () => jsonResponse({ id: 'thing-1' }, { status: 201 })])

    const { data } = await client.POST('/api/v1/admin/things', { body: { name: 'Widget' } })

    expect(data).toEqual({ id: 'thing-1' })
    expect(calls[0].body).toEqual({ name: 'Widget' })
    expect(calls[2].body).toEqual({ name: 'Widget' })
    expect(calls[2].headers.get('Authorization')).toBe('Bearer access-2')
  })

  it('leaves 401s from the sign-in endpoints alone', async () => {
    const calls = stubFetch([() => jsonResponse(problem(401, 'invalid_credentials', 'Nope'), { status: 401 })])
    const { response } = await api.POST('/api/v1/admin/auth/login', { body: { email: 'a@example.com', password: 'x' } })
    expect(response.status).toBe(401)
    expect(calls).toHaveLength(1)
    expect(calls[0].headers.get('Authorization')).toBeNull()
  })

  it('signs out with the bearer, renewing it first when it expired', async () => {
    signIn()
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    const calls = stubFetch([() => unauthorized(), () => refreshed('access-2'), () => new Response(null, { status: 204 })])
    const { response } = await api.POST('/api/v1/admin/auth/logout')
    expect(response.status).toBe(204)
    expect(calls.map((c) => [c.path, c.headers.get('Authorization')])).toEqual([
      ['/api/v1/admin/auth/logout', 'Bearer access-1'],
      ['/api/v1/admin/auth/refresh', null],
      ['/api/v1/admin/auth/logout', 'Bearer access-2'],
    ])
    expect(expired).not.toHaveBeenCalled()
  })

  it('clears the session and redirects to login with the current path when refresh fails', async () => {
    signIn()
    window.history.pushState({}, '', '/admin/customers?page=2')
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    const calls = stubFetch([() => unauthorized(), () => unauthorized('The refresh token is invalid, used or expired.')])

    const { data, response } = await api.GET('/api/v1/admin/me')

    expect(data).toBeUndefined()
    expect(response.status).toBe(401)
    expect(calls).toHaveLength(2)
    expect(getSession()).toBeNull()
    expect(expired).toHaveBeenCalledWith('/admin/customers?page=2')
  })

  it('shares one refresh between concurrent 401s', async () => {
    signIn()
    const calls = stubFetch((request) => {
      if (request.path === '/api/v1/admin/auth/refresh') return refreshed('access-2')
      return request.headers.get('Authorization') === 'Bearer access-2' ? jsonResponse(makeAdmin()) : unauthorized()
    })

    const results = await Promise.all([api.GET('/api/v1/admin/me'), api.GET('/api/v1/admin/me'), api.GET('/api/v1/admin/me')])

    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200])
    expect(calls.filter((c) => c.path === '/api/v1/admin/auth/refresh')).toHaveLength(1)
  })

  it('sends one request for concurrent refreshSession() calls in one tab', async () => {
    signIn()
    const calls = stubFetch(() => refreshed('access-2'))
    const sessions = await Promise.all([refreshSession(), refreshSession(), refreshSession()])
    expect(calls).toHaveLength(1)
    expect(new Set(sessions.map((s) => s?.access_token))).toEqual(new Set(['access-2']))
  })

  it('does not try to refresh without a session', async () => {
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    const calls = stubFetch([() => unauthorized('Sign in')])
    const { response } = await api.GET('/api/v1/admin/me')
    expect(response.status).toBe(401)
    expect(calls).toHaveLength(1)
    expect(calls[0].headers.get('Authorization')).toBeNull()
    expect(expired).not.toHaveBeenCalled()
  })

  it('keeps a sign-out that happened while the refresh was out', async () => {
    signIn()
    const request: { answer?: (response: Response) => void } = {}
    stubFetch(() => new Promise<Response>((resolve) => (request.answer = resolve)))
    const pending = refreshSession()
    await vi.waitFor(() => expect(request.answer).toBeDefined())
    clearSession('logout')
    request.answer!(refreshed('access-2'))
    expect(await pending).toBeNull()
    expect(getSession()).toBeNull()
  })
})

describe('restoring the session on a page load', () => {
  it('signs in from the refresh cookie, once', async () => {
    freshPageLoad()
    expect(getRestoreState()).toBe('pending')
    const calls = stubFetch(() => refreshed('access-9'))
    const first = restoreSession()
    const second = restoreSession()
    expect(getRestoreState()).toBe('restoring')
    expect((await first)?.access_token).toBe('access-9')
    expect((await second)?.access_token).toBe('access-9')
    expect(getRestoreState()).toBe('done')
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/admin/auth/refresh', body: {} })
    expect(calls[0].headers.get('X-Latchkey-CSRF')).toBe('1')
    expect(getSession()?.admin.email).toBe('ada@example.com')
    expect(webStorageContents()).toEqual([])
  })

  it('is signed out when the cookie renews nothing', async () => {
    freshPageLoad()
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    stubFetch(() => unauthorized('Send `refresh_token` in the body, or the refresh cookie set at sign-in.'))
    expect(await restoreSession()).toBeNull()
    expect(getSession()).toBeNull()
    expect(getRestoreState()).toBe('done')
    // The route guard shows the login page; nothing is redirected from here.
    expect(expired).not.toHaveBeenCalled()
  })

  it('is signed out when the server cannot be reached', async () => {
    freshPageLoad()
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    expect(await restoreSession()).toBeNull()
    expect(getRestoreState()).toBe('done')
  })
})

describe('several tabs', () => {
  it('renews under the Web Lock latchkey-admin-refresh', async () => {
    const locks = fakeLocks()
    installLocks(locks)
    signIn()
    stubFetch(() => refreshed('access-2'))
    await refreshSession()
    expect(locks.requested).toEqual([ADMIN_REFRESH_LOCK])
    expect(ADMIN_REFRESH_LOCK).toBe('latchkey-admin-refresh')
  })

  it('sends nothing when another tab renewed while this one waited for the lock', async () => {
    const held = new Map<string, Promise<unknown>>()
    const locks = fakeLocks(held)
    installLocks(locks)
    signIn()
    const tab = otherTab<{ type: string; session?: Session }>('latchkey-admin-session')
    // The other tab holds the lock while its own renewal is out…
    let release: () => void = () => {}
    void locks.request(ADMIN_REFRESH_LOCK, { mode: 'exclusive' }, () => new Promise<void>((resolve) => (release = resolve)))
    const calls = stubFetch(() => refreshed('access-3'))
    const pending = refreshSession()
    // …and hands this tab its fresh token before letting go.
    tab.post({ type: 'session', session: sessionFromTokens(makeTokens({ access_token: 'access-from-other-tab' })) })
    await vi.waitFor(() => expect(getSession()?.access_token).toBe('access-from-other-tab'))
    release()
    expect((await pending)?.access_token).toBe('access-from-other-tab')
    expect(calls).toHaveLength(0)
    tab.close()
  })

  it('tells the other tabs about a renewal and a sign-out, never through Web Storage', async () => {
    const tab = otherTab<{ type: string; session?: Session }>('latchkey-admin-session')
    signIn()
    stubFetch(() => refreshed('access-2'))
    await refreshSession()
    await vi.waitFor(() => expect(tab.received).toHaveLength(1))
    expect(tab.received[0]).toMatchObject({ type: 'session', session: { access_token: 'access-2' } })
    expect(JSON.stringify(tab.received)).not.toContain('refresh')

    clearSession('logout', { share: true })
    await vi.waitFor(() => expect(tab.received).toHaveLength(2))
    expect(tab.received[1]).toEqual({ type: 'signed-out' })
    expect(webStorageContents()).toEqual([])
    tab.close()
  })

  it('takes a session another tab signed in with, and ends with its sign-out', async () => {
    const tab = otherTab<{ type: string; session?: Session }>('latchkey-admin-session')
    signIn()
    tab.post({ type: 'session', session: sessionFromTokens(makeTokens({ access_token: 'access-7' })) })
    await vi.waitFor(() => expect(getSession()?.access_token).toBe('access-7'))
    tab.post({ type: 'signed-out' })
    await vi.waitFor(() => expect(getSession()).toBeNull())
    tab.close()
  })
})
