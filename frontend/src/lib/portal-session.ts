import type { components } from './api/schema'

/** The signed-in customer as `GET /portal/me` describes them. */
export type PortalMe = components['schemas']['PortalMe']

/** localStorage key of the customer's own portal session (shared by the browser's tabs). */
export const PORTAL_SESSION_KEY = 'latchkey.portal.session'
/**
 * sessionStorage key of a "View as customer" token: it belongs to the one tab the admin
 * opened, so it neither reaches other tabs nor outlives that tab.
 */
export const PORTAL_IMPERSONATION_KEY = 'latchkey.portal.impersonation'

export const PORTAL_LOGIN_PATH = '/portal/login'
export const PORTAL_HOME_PATH = '/portal'

export interface PortalSession {
  /** `customer`: signed in by the customer; `impersonation`: an admin's read-only view. */
  kind: 'customer' | 'impersonation'
  access_token: string
  /** The profile from sign-in; null for an impersonation (read from `GET /portal/me`). */
  customer: PortalMe | null
}

/** Why the portal session last ended: the login page words its note after it. */
export type PortalSessionEndReason = 'logout' | 'expired' | 'impersonation_expired' | 'password_reset'

type Listener = () => void
const listeners = new Set<Listener>()

let lastEndReason: PortalSessionEndReason | null = null
let cachedKey: string | null = null
let cachedSession: PortalSession | null = null

function store(kind: 'local' | 'session'): Storage | null {
  try {
    return (kind === 'local' ? globalThis.localStorage : globalThis.sessionStorage) ?? null
  } catch {
    return null
  }
}

function parse(raw: string | null, kind: PortalSession['kind']): PortalSession | null {
  if (!raw) return null
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null) return null
    const v = value as Record<string, unknown>
    if (typeof v.access_token !== 'string' || !v.access_token) return null
    const customer = typeof v.customer === 'object' && v.customer !== null ? (v.customer as PortalMe) : null
    return { kind, access_token: v.access_token, customer }
  } catch {
    // A corrupt value counts as signed out.
    return null
  }
}

/**
 * The portal session of this tab: an impersonation token when the admin opened one here,
 * else the customer's own sign-in. Returns the same object while nothing changed, so it
 * can back `useSyncExternalStore`.
 */
export function getPortalSession(): PortalSession | null {
  const impersonation = store('session')?.getItem(PORTAL_IMPERSONATION_KEY) ?? null
  const own = impersonation ? null : (store('local')?.getItem(PORTAL_SESSION_KEY) ?? null)
  const key = impersonation ? `i:${impersonation}` : own ? `c:${own}` : null
  if (key === cachedKey) return cachedSession
  cachedKey = key
  cachedSession = impersonation ? parse(impersonation, 'impersonation') : parse(own, 'customer')
  return cachedSession
}

function emit() {
  for (const listener of [...listeners]) listener()
}

/** Stores the customer's own session after a sign-in. */
export function setPortalSession(accessToken: string, customer: PortalMe): void {
  lastEndReason = null
  store('local')?.setItem(PORTAL_SESSION_KEY, JSON.stringify({ access_token: accessToken, customer }))
  emit()
}

/** Keeps the stored profile in step with `GET /portal/me`. */
export function updatePortalCustomer(customer: PortalMe): void {
  const current = getPortalSession()
  if (current?.kind !== 'customer') return
  store('local')?.setItem(PORTAL_SESSION_KEY, JSON.stringify({ access_token: current.access_token, customer }))
  emit()
}

/** Opens this tab's read-only "View as customer" session. */
export function startImpersonation(token: string): void {
  lastEndReason = null
  store('session')?.setItem(PORTAL_IMPERSONATION_KEY, JSON.stringify({ access_token: token }))
  emit()
}

/**
 * Ends the session this tab uses: the impersonation when there is one (the customer's own
 * sign-in in other tabs is not theirs to end), else the customer's.
 */
export function clearPortalSession(reason: PortalSessionEndReason): void {
  const current = getPortalSession()
  if (current?.kind === 'impersonation') {
    store('session')?.removeItem(PORTAL_IMPERSONATION_KEY)
    lastEndReason = reason === 'expired' ? 'impersonation_expired' : reason
  } else {
    store('local')?.removeItem(PORTAL_SESSION_KEY)
    lastEndReason = reason
  }
  emit()
}

export function portalSessionEndReason(): PortalSessionEndReason | null {
  return lastEndReason
}

export function subscribePortalSession(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

// Another tab signed in or out.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === PORTAL_SESSION_KEY || event.key === null) emit()
  })
}

/**
 * A token carried in a link's fragment (`#token=…`, `#impersonation_token=…`). Mails and
 * "View as customer" put tokens there because a fragment never reaches a server log.
 */
export function fragmentParam(hash: string, name: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get(name)
  return value ? value : null
}

/** What the portal's login page is told when the app sends someone there (router state). */
export interface PortalLoginState {
  /** Why they are here: "your session ended", "password changed", … */
  notice?: PortalSessionEndReason
  /** The portal page to return to after signing in. */
  from?: string
}

/** A return target only when it is a portal page (never the login page or another site). */
export function safePortalReturn(from: unknown): string {
  if (typeof from !== 'string' || !from.startsWith('/portal') || from.startsWith(PORTAL_LOGIN_PATH)) return PORTAL_HOME_PATH
  if (from !== PORTAL_HOME_PATH && !/^\/portal[/?#]/.test(from)) return PORTAL_HOME_PATH
  return from
}
