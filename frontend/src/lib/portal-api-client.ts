import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './api/schema'
import { withCrossTabLock } from './cross-tab'
import {
  clearPortalSession,
  endReloadedImpersonation,
  getCustomerSession,
  getPortalRestoreState,
  getPortalSession,
  portalSessionEndReason,
  setPortalRestoreState,
  setPortalSession,
  type PortalSession,
} from './portal-session'

// Absolute base URL (relative URLs break `new Request` under jsdom), and a fetch looked up
// at call time so tests can stub `globalThis.fetch`.
const baseUrl = globalThis.location?.origin ?? 'http://localhost'
const fetchAtCallTime = (request: Request) => globalThis.fetch(request)

const PORTAL_PREFIX = '/api/v1/portal/'
const PORTAL_AUTH_PREFIX = '/api/v1/portal/auth/'
const PORTAL_LOGOUT_PATH = '/api/v1/portal/auth/logout'
const PORTAL_REFRESH_PATH = '/api/v1/portal/auth/refresh'

/** The header that makes the server accept the refresh cookie (see `CSRF_HEADER` in `api-client`). */
const CSRF_HEADER = 'X-Latchkey-CSRF'
/** The Web Lock every tab takes to renew (or replace) the portal refresh cookie. */
export const PORTAL_REFRESH_LOCK = 'latchkey-portal-refresh'

// The bearer each request was sent with (and whose it was), to tell a stale 401 from the
// current session's, and a copy of a customer's request to replay after a renewal.
const sentWith = new WeakMap<Request, { token: string; kind: PortalSession['kind'] }>()
const replayable = new WeakMap<Request, Request>()

/**
 * Runs `task` (a sign-in) while no tab renews the portal refresh cookie, so a renewal
 * answered after the sign-in cannot put the old session's cookie back.
 */
export function withPortalRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  return withCrossTabLock(PORTAL_REFRESH_LOCK, task)
}

let refreshInFlight: Promise<PortalSession | null> | null = null

/**
 * Trades the customer's refresh cookie for a new access token (the cookie rotates): `POST
 * /portal/auth/refresh` with `{}` and `X-Latchkey-CSRF: 1`. Single use, so renewals never
 * overlap: callers in this tab share one request and tabs take turns (Web Lock); a tab that
 * got a fresh token from the tab before it meanwhile sends nothing. Never for a "View as
 * customer" token, which has no refresh token. Resolves to the customer's session, or null
 * when it cannot be renewed (the session's time is up, or it was ended); clears nothing.
 */
export function refreshPortalSession(): Promise<PortalSession | null> {
  if (!refreshInFlight) {
    const stale = getCustomerSession()?.access_token ?? null
    refreshInFlight = withPortalRefreshLock(async () => {
      const before = getCustomerSession()
      if (before && before.access_token !== stale) return before
      const { data } = await portalApi.POST(PORTAL_REFRESH_PATH, { body: {}, headers: { [CSRF_HEADER]: '1' } })
      if (!data) return null
      // Signed out (or in afresh) while the request was out: keep what is there now.
      if (getCustomerSession()?.access_token !== before?.access_token) return getCustomerSession()
      setPortalSession(data.access_token, data.customer, { share: true })
      return getCustomerSession()
    })
      .catch(() => null)
      .finally(() => {
        refreshInFlight = null
      })
  }
  return refreshInFlight
}

/**
 * The first renewal of a page load: signs the customer in from the refresh cookie, if
 * there is a session to restore. Runs once per page load, never in a "View as customer"
 * tab; a reloaded one of those learns that its view ended instead.
 */
let restoreInFlight: Promise<PortalSession | null> | null = null

export function restorePortalSession(): Promise<PortalSession | null> {
  if (getPortalRestoreState() === 'restoring' && restoreInFlight) return restoreInFlight
  if (getPortalRestoreState() !== 'pending') return Promise.resolve(getPortalSession())
  if (getPortalSession() || endReloadedImpersonation()) {
    setPortalRestoreState('done')
    return Promise.resolve(getPortalSession())
  }
  setPortalRestoreState('restoring')
  const restoring = refreshPortalSession().finally(() => {
    if (restoreInFlight === restoring) restoreInFlight = null
    if (getPortalRestoreState() === 'restoring') setPortalRestoreState('done')
  })
  restoreInFlight = restoring
  return restoring
}

/**
 * The customer's bearer goes to portal endpoints only, and this client calls nothing else,
 * so a portal token can never reach an admin endpoint (the admin client never sees it).
 * A 401 from a signed-in customer's call renews the access token once and sends the call
 * again; when that fails, the portal session ends and the route guard shows the login page
 * with "your session ended". A "View as customer" token cannot be renewed: its 401 ends the
 * view.
 */
export const portalAuthMiddleware: Middleware = {
  onRequest({ request }) {
    const path = new URL(request.url).pathname
    if (!path.startsWith(PORTAL_PREFIX)) {
      throw new Error(`the portal client only calls ${PORTAL_PREFIX}…, not ${path}`)
    }
    if (path.startsWith(PORTAL_AUTH_PREFIX) && path !== PORTAL_LOGOUT_PATH) return undefined
    const session = getPortalSession()
    if (!session) return undefined
    request.headers.set('Authorization', `Bearer ${session.access_token}`)
    sentWith.set(request, { token: session.access_token, kind: session.kind })
    if (session.kind === 'customer') replayable.set(request, request.clone())
    return request
  },

  async onResponse({ request, response }) {
    if (response.status !== 401) return undefined
    const sent = sentWith.get(request)
    const original = replayable.get(request)
    replayable.delete(request)
    // Sign-in endpoints, and calls made without a session, answer for themselves.
    if (!sent) return undefined
    const signingOut = new URL(request.url).pathname === PORTAL_LOGOUT_PATH

    if (sent.kind === 'impersonation') {
      // Only the view that was refused ends: not a session opened since.
      if (!signingOut && getPortalSession()?.access_token === sent.token) clearPortalSession('expired')
      return undefined
    }

    let session = getCustomerSession()
    // Signed out meanwhile, or this tab shows an impersonation now: nothing to retry.
    if (!session || !original || getPortalSession()?.kind !== 'customer') return undefined
    // Only renew if nobody has done so since this request was sent.
    if (session.access_token === sent.token) session = await refreshPortalSession()
    const endsNow = () => {
      // A sign-out ends the local session itself; so did one that happened meanwhile.
      if (signingOut || portalSessionEndReason() === 'logout' || getPortalSession()?.kind !== 'customer') return
      clearPortalSession('expired')
    }
    if (!session) {
      endsNow()
      return undefined
    }

    original.headers.set('Authorization', `Bearer ${session.access_token}`)
    const retried = await globalThis.fetch(original)
    if (retried.status === 401 && getCustomerSession()?.access_token === session.access_token) endsNow()
    return retried
  },
}

/** The client portal's API client: the customer's (or impersonation) bearer, portal endpoints only. */
export const portalApi = createClient<paths>({ baseUrl, fetch: fetchAtCallTime })
portalApi.use(portalAuthMiddleware)
