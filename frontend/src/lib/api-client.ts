import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './api/schema'
import { currentPath, LOGIN_PATH, loginPath } from './auth-redirect'
import { clearSession, getSession, sessionFromTokens, setSession, type Session } from './session'

/** The typed API, generated from openapi/openapi.json. */
export type { paths } from './api/schema'

// Absolute base URL (relative URLs break `new Request` under jsdom), and a fetch that is
// looked up at call time so tests can stub `globalThis.fetch`.
const baseUrl = globalThis.location?.origin ?? 'http://localhost'
const fetchAtCallTime = (request: Request) => globalThis.fetch(request)

const AUTH_PREFIX = '/api/v1/admin/auth/'
const REFRESH_PATH = '/api/v1/admin/auth/refresh'
const LOGIN_API_PATH = '/api/v1/admin/auth/login'

/** What to do when the session cannot be renewed; the app routes to the login page. */
type SessionExpiredHandler = (returnTo: string) => void

const defaultExpiredHandler: SessionExpiredHandler = (returnTo) => {
  if (!globalThis.location || globalThis.location.pathname === LOGIN_PATH) return
  globalThis.location.assign(loginPath(returnTo))
}
let sessionExpiredHandler: SessionExpiredHandler = defaultExpiredHandler

export function setSessionExpiredHandler(handler: SessionExpiredHandler | null): void {
  sessionExpiredHandler = handler ?? defaultExpiredHandler
}

function expireSession(): void {
  clearSession('expired')
  const location = globalThis.location
  sessionExpiredHandler(location ? currentPath(location) : '/admin')
}

/** Client without the auth middleware, for the token endpoints themselves. */
export const authClient = createClient<paths>({ baseUrl, fetch: fetchAtCallTime })

let refreshInFlight: Promise<Session | null> | null = null

/**
 * Trades the stored refresh token for a new token pair (the refresh token rotates).
 * Concurrent callers share one request. Resolves to null when the session cannot be
 * renewed; does not clear anything itself.
 */
export function refreshSession(): Promise<Session | null> {
  if (!refreshInFlight) {
    refreshInFlight = (async () => {
      const current = getSession()
      if (!current) return null
      try {
        const { data } = await authClient.POST(REFRESH_PATH, {
          body: { refresh_token: current.refresh_token },
        })
        if (!data) return null
        // Signed out (or in as someone else) while we waited: keep what is there now.
        if (getSession()?.refresh_token !== current.refresh_token) return getSession()
        const next = sessionFromTokens(data)
        setSession(next)
        return next
      } catch {
        return null
      }
    })().finally(() => {
      refreshInFlight = null
    })
  }
  return refreshInFlight
}

function pathOf(request: Request): string {
  return new URL(request.url).pathname
}

function bearerOf(request: Request): string | null {
  const header = request.headers.get('Authorization')
  return header?.startsWith('Bearer ') ? header.slice(7) : null
}

// A copy of each authenticated request, taken before it is sent, so it can be replayed.
const replayable = new WeakMap<Request, Request>()

export const authMiddleware: Middleware = {
  onRequest({ request }) {
    const path = pathOf(request)
    // The admin bearer never goes to the client portal's API (that has its own client).
    if (path.startsWith('/api/v1/portal/')) throw new Error(`the admin client does not call ${path}`)
    if (path === LOGIN_API_PATH || path === REFRESH_PATH) return undefined
    const session = getSession()
    if (!session) return undefined
    request.headers.set('Authorization', `Bearer ${session.access_token}`)
    if (!path.startsWith(AUTH_PREFIX)) replayable.set(request, request.clone())
    return request
  },

  async onResponse({ request, response }) {
    if (response.status !== 401) return undefined
    const original = replayable.get(request)
    // Auth endpoints and requests sent without a session answer for themselves.
    if (!original) return undefined
    replayable.delete(request)

    let session = getSession()
    // Signed out meanwhile: the route guard already sends the person to the login page.
    if (!session) return undefined
    // Only refresh if nobody has done so since this request was sent.
    if (session.access_token === bearerOf(request)) session = await refreshSession()
    if (!session) {
      expireSession()
      return undefined
    }

    original.headers.set('Authorization', `Bearer ${session.access_token}`)
    const retried = await globalThis.fetch(original)
    if (retried.status === 401) expireSession()
    return retried
  },
}

/** The API client used by features: adds the bearer token and renews it once on 401. */
export const api = createClient<paths>({ baseUrl, fetch: fetchAtCallTime })
api.use(authMiddleware)
