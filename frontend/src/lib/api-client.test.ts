import createClient from 'openapi-fetch'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse, makeAdmin, makeTokens, problem, stubFetch } from '@/testing/utils'
import { api, authMiddleware, setSessionExpiredHandler } from './api-client'
import { getSession, SESSION_KEY, sessionFromTokens, setSession } from './session'

function signIn() {
  setSession(sessionFromTokens(makeTokens({ access_token: 'access-1', refresh_token: 'refresh-1' })))
}

afterEach(() => setSessionExpiredHandler(null))

/** An authenticated endpoint with a body, outside /auth/, for the replay test. */
interface TestPaths {
  '/api/v1/admin/things': {
    post: {
      requestBody: { content: { 'application/json': { name: string } } }
      responses: { 201: { content: { 'application/json': { id: string } } } }
    }
  }
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

  it('on 401 refreshes once, stores the rotated tokens and retries with the new token', async () => {
    signIn()
    const calls = stubFetch([
      () => jsonResponse(problem(401, 'unauthorized', 'Token expired'), { status: 401 }),
      () => jsonResponse(makeTokens({ access_token: 'access-2', refresh_token: 'refresh-2' })),
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
    expect(calls[1].body).toEqual({ refresh_token: 'refresh-1' })
    expect(calls[1].headers.get('Authorization')).toBeNull()
    expect(calls[2].headers.get('Authorization')).toBe('Bearer access-2')
    expect(getSession()?.refresh_token).toBe('refresh-2')
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!).access_token).toBe('access-2')
  })

  it('replays the request body on retry', async () => {
    signIn()
    const client = createClient<TestPaths>({ baseUrl: location.origin, fetch: (r) => globalThis.fetch(r) })
    client.use(authMiddleware)
    const calls = stubFetch([
      () => jsonResponse(problem(401, 'unauthorized', 'Token expired'), { status: 401 }),
      () => jsonResponse(makeTokens({ access_token: 'access-2', refresh_token: 'refresh-2' })),
      () => jsonResponse({ id: 'thing-1' }, { status: 201 }),
    ])

    const { data } = await client.POST('/api/v1/admin/things', { body: { name: 'Widget' } })

    expect(data).toEqual({ id: 'thing-1' })
    expect(calls[0].body).toEqual({ name: 'Widget' })
    expect(calls[2].body).toEqual({ name: 'Widget' })
    expect(calls[2].headers.get('Authorization')).toBe('Bearer access-2')
  })

  it('leaves 401s from the auth endpoints alone', async () => {
    signIn()
    const calls = stubFetch([() => jsonResponse(problem(401, 'unauthorized', 'Nope'), { status: 401 })])
    const { response } = await api.POST('/api/v1/admin/auth/logout', { body: { refresh_token: 'refresh-1' } })
    expect(response.status).toBe(401)
    expect(calls).toHaveLength(1)
    expect(calls[0].headers.get('Authorization')).toBe('Bearer access-1')
    expect(getSession()).not.toBeNull()
  })

  it('clears the session and redirects to login with the current path when refresh fails', async () => {
    signIn()
    window.history.pushState({}, '', '/admin/customers?page=2')
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    const calls = stubFetch([
      () => jsonResponse(problem(401, 'unauthorized', 'Token expired'), { status: 401 }),
      () => jsonResponse(problem(401, 'unauthorized', 'Refresh token revoked'), { status: 401 }),
    ])

    const { data, response } = await api.GET('/api/v1/admin/me')

    expect(data).toBeUndefined()
    expect(response.status).toBe(401)
    expect(calls).toHaveLength(2)
    expect(getSession()).toBeNull()
    expect(localStorage.getItem(SESSION_KEY)).toBeNull()
    expect(expired).toHaveBeenCalledWith('/admin/customers?page=2')
  })

  it('shares one refresh between concurrent 401s', async () => {
    signIn()
    const calls = stubFetch((request) => {
      if (request.path === '/api/v1/admin/auth/refresh') {
        return jsonResponse(makeTokens({ access_token: 'access-2', refresh_token: 'refresh-2' }))
      }
      return request.headers.get('Authorization') === 'Bearer access-2'
        ? jsonResponse(makeAdmin())
        : jsonResponse(problem(401, 'unauthorized', 'Token expired'), { status: 401 })
    })

    const results = await Promise.all([api.GET('/api/v1/admin/me'), api.GET('/api/v1/admin/me')])

    expect(results.map((r) => r.response.status)).toEqual([200, 200])
    expect(calls.filter((c) => c.path === '/api/v1/admin/auth/refresh')).toHaveLength(1)
  })

  it('does not try to refresh without a session', async () => {
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    const calls = stubFetch([() => jsonResponse(problem(401, 'unauthorized', 'Sign in'), { status: 401 })])
    const { response } = await api.GET('/api/v1/admin/me')
    expect(response.status).toBe(401)
    expect(calls).toHaveLength(1)
    expect(calls[0].headers.get('Authorization')).toBeNull()
    expect(expired).not.toHaveBeenCalled()
  })
})
