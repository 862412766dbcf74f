import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './api/schema'
import { currentPath, LOGIN_PATH, loginPath } from './auth-redirect'
import { withCrossTabLock } from './cross-tab'
import {
  clearSession,
  getRestoreState,
  getSession,
  sessionEndReason,
  sessionFromTokens,
  setRestoreState,
  setSession,
  type Session,
} from './session'

/** The typed API, generated from openapi/openapi.json. */
export type { paths } from './api/schema'

// Absolute base URL (relative URLs break `new Request` under jsdom), and a fetch that is
// looked up at call time so tests can stub `globalThis.fetch`.
const baseUrl = globalThis.location?.origin ?? 'http://localhost'
const fetchAtCallTime = (request: Request) => globalThis.fetch(request)

const AUTH_PREFIX = '/api/v1/admin/auth/'
const REFRESH_PATH = '/api/v1/admin/auth/refresh'
const LOGIN_API_PATH = '/api/v1/admin/auth/login'
const LOGOUT_API_PATH = '/api/v1/admin/auth/logout'

/**
 * The header that makes the server accept the refresh cookie. A cross-site page can send
 * the cookie but cannot add a header without a CORS preflight, which the server refuses.
 */
export const CSRF_HEADER = 'X-Latchkey-CSRF'
/** The Web Lock every tab takes to renew (or replace) the admin refresh cookie. */
export const ADMIN_REFRESH_LOCK = 'latchkey-admin-refresh'

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

/**
 * Runs `task` (a sign-in) while no tab renews the refresh cookie, so a renewal answered
 * after the sign-in cannot put the old session's cookie back.
 */
export function withAdminRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  return withCrossTabLock(ADMIN_REFRESH_LOCK, task)
}

let refreshInFlight: Promise<Session | null> | null = null

/**
 * Trades the refresh cookie for a new access token (the cookie rotates): `POST
 * /admin/auth/refresh` with `{}` and `X-Latchkey-CSRF: 1`. Refresh tokens are single use,
 * so renewals never overlap: callers in this tab share one request, and tabs take turns
 * (Web Lock); a tab that waited for its turn and meanwhile got a fresh token from the tab
 * before it (BroadcastChannel) sends nothing. Resolves to null when the session cannot be
 * renewed; does not clear anything itself.
 */
export function refreshSession(): Promise<Session | null> {
  if (!refreshInFlight) {
    const stale = getSession()?.access_token ?? null
    refreshInFlight = withAdminRefreshLock(async () => {
      const before = getSession()
      if (before && before.access_token !== stale) return before
      const { data } = await authClient.POST(REFRESH_PATH, { body: {}, headers: { [CSRF_HEADER]: '1' } })
      if (!data) return null
      // Signed out (or in afresh) while the request was out: keep what is there now.
      if (getSession()?.access_token !== before?.access_token) return getSession()
      const next = sessionFromTokens(data)
      setSession(next, { share: true })
      return next
    })
      .catch(() => null)
      .finally(() => {
        refreshInFlight = null
      })
  }
  return refreshInFlight
}

/**
 * The first renewal of a page load: signs the tab in from the refresh cookie, if there is
 * a session to restore. Runs once; until it settles, `getRestoreState()` is `restoring` and
 * the app shows its loading state instead of the login page.
 */
let restoreInFlight: Promise<Session | null> | null = null

export function restoreSession(): Promise<Session | null> {
  if (getRestoreState() === 'restoring' && restoreInFlight) return restoreInFlight
  if (getRestoreState() !== 'pending') return Promise.resolve(getSession())
  if (getSession()) {
    setRestoreState('done')
    return Promise.resolve(getSession())
  }
  setRestoreState('restoring')
  const restoring = refreshSession().finally(() => {
    if (restoreInFlight === restoring) restoreInFlight = null
    if (getRestoreState() === 'restoring') setRestoreState('done')
  })
  restoreInFlight = restoring
  return restoring
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
    // A sign-out with an expired access token is renewed and sent again, so it still ends
    // the session (and clears the cookie) on the server.
    if (!path.startsWith(AUTH_PREFIX) || path === LOGOUT_API_PATH) replayable.set(request, request.clone())
    return request
  },

  async onResponse({ request, response }) {
    if (response.status !== 401) return undefined
    const original = replayable.get(request)
    // Auth endpoints and requests sent without a session answer for themselves.
    if (!original) return undefined
    replayable.delete(request)
    const signingOut = pathOf(request) === LOGOUT_API_PATH

    let session = getSession()
    // Signed out meanwhile: the route guard already sends the person to the login page.
    if (!session) return undefined
    // Only refresh if nobody has done so since this request was sent.
    if (session.access_token === bearerOf(request)) session = await refreshSession()
    if (!session) {
      // A sign-out ends the local session itself; so did one that happened meanwhile.
      if (!signingOut && sessionEndReason() !== 'logout') expireSession()
      return undefined
    }

    original.headers.set('Authorization', `Bearer ${session.access_token}`)
    const retried = await globalThis.fetch(original)
    if (retried.status === 401 && !signingOut) expireSession()
    return retried
  },
}

/** The API client used by features: adds the bearer token and renews it once on 401. */
export const api = createClient<paths>({ baseUrl, fetch: fetchAtCallTime })
api.use(authMiddleware)
