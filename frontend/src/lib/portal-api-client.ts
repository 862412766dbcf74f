import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './api/schema'
import { clearPortalSession, getPortalSession } from './portal-session'

// Absolute base URL (relative URLs break `new Request` under jsdom), and a fetch looked up
// at call time so tests can stub `globalThis.fetch`.
const baseUrl = globalThis.location?.origin ?? 'http://localhost'
const fetchAtCallTime = (request: Request) => globalThis.fetch(request)

const PORTAL_PREFIX = '/api/v1/portal/'
const PORTAL_AUTH_PREFIX = '/api/v1/portal/auth/'
const PORTAL_LOGOUT_PATH = '/api/v1/portal/auth/logout'

// The bearer each request was sent with, to tell a stale 401 from the current session's.
const sentWith = new WeakMap<Request, string>()

/**
 * The customer's bearer goes to portal endpoints only, and this client calls nothing else,
 * so a portal token can never reach an admin endpoint (the admin client never sees it).
 * A 401 from a signed-in call ends the portal session; the route guard then shows the
 * login page with "your session ended".
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
    sentWith.set(request, session.access_token)
    return request
  },

  onResponse({ request, response }) {
    if (response.status !== 401) return undefined
    const token = sentWith.get(request)
    // Only the session that was refused ends: not one signed in since.
    if (token && token === getPortalSession()?.access_token && new URL(request.url).pathname !== PORTAL_LOGOUT_PATH) {
      clearPortalSession('expired')
    }
    return undefined
  },
}

/** The client portal's API client: the customer's (or impersonation) bearer, portal endpoints only. */
export const portalApi = createClient<paths>({ baseUrl, fetch: fetchAtCallTime })
portalApi.use(portalAuthMiddleware)
