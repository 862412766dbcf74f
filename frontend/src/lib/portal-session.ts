import type { components } from './api/schema'
import { sessionChannel } from './cross-tab'

/** The signed-in customer as `GET /portal/me` describes them. */
export type PortalMe = components['schemas']['PortalMe']

export const PORTAL_LOGIN_PATH = '/portal/login'
export const PORTAL_HOME_PATH = '/portal'

/**
 * sessionStorage marker (no token, just `1`) of a tab that shows a "View as customer" view.
 * The view's token lives in memory only, so after a reload the tab has no token, and the
 * marker tells it to say that the view ended instead of showing a plain sign-in page.
 */
export const PORTAL_VIEW_MARKER_KEY = 'latchkey.portal.view-as-customer'

export interface PortalSession {
  /** `customer`: signed in by the customer; `impersonation`: an admin's read-only view. */
  kind: 'customer' | 'impersonation'
  access_token: string
  /** The profile from sign-in; null for an impersonation (read from `GET /portal/me`). */
  customer: PortalMe | null
}

/** Why the portal session last ended: the login page words its note after it. */
export type PortalSessionEndReason = 'logout' | 'expired' | 'impersonation_expired' | 'password_reset'

/** Whether this page load knows the customer's session yet (see `restorePortalSession`). */
export type PortalRestoreState = 'pending' | 'restoring' | 'done'

type CustomerSession = { access_token: string; customer: PortalMe }
/** What one tab tells the others about the customer's own session. */
type PortalMessage = { type: 'session'; session: CustomerSession } | { type: 'signed-out' }

type Listener = () => void
const listeners = new Set<Listener>()

// Everything in this page's memory: nothing token-like goes to localStorage or
// sessionStorage. The customer's refresh token is the HttpOnly cookie
// `latchkey_portal_refresh`; an impersonation has none and ends with the tab.
let own: CustomerSession | null = null
let impersonationToken: string | null = null
let cached: PortalSession | null = null
let restoreState: PortalRestoreState = 'pending'
let lastEndReason: PortalSessionEndReason | null = null

const channel = sessionChannel<PortalMessage>('latchkey-portal-session')
let listening = false

function recompute() {
  cached = impersonationToken
    ? { kind: 'impersonation', access_token: impersonationToken, customer: null }
    : own
      ? { kind: 'customer', access_token: own.access_token, customer: own.customer }
      : null
}

function emit() {
  recompute()
  for (const listener of [...listeners]) listener()
}

function sessionStore(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null
  } catch {
    return null
  }
}

function isCustomerSession(value: unknown): value is CustomerSession {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.access_token === 'string' && v.access_token !== '' && typeof v.customer === 'object' && v.customer !== null
}

function listenToOtherTabs() {
  if (listening) return
  listening = true
  channel.listen((message) => {
    if (message?.type === 'session' && isCustomerSession(message.session)) {
      // The customer signed in or renewed in another tab: the same cookie, the same session.
      own = message.session
      if (!impersonationToken) lastEndReason = null
      restoreState = 'done'
      emit()
    } else if (message?.type === 'signed-out' && own) {
      own = null
      if (!impersonationToken) lastEndReason = 'expired'
      emit()
    }
  })
}

/**
 * The portal session of this tab: an impersonation token when the admin opened one here,
 * else the customer's own sign-in. Returns the same object while nothing changed, so it
 * can back `useSyncExternalStore`.
 */
export function getPortalSession(): PortalSession | null {
  return cached
}

/** The customer's own session, even while this tab shows an impersonation. */
export function getCustomerSession(): PortalSession | null {
  return own ? { kind: 'customer', access_token: own.access_token, customer: own.customer } : null
}

/** Keeps the customer's own session after a sign-in or renewal; `share` hands it to the other tabs. */
export function setPortalSession(accessToken: string, customer: PortalMe, { share = false }: { share?: boolean } = {}): void {
  listenToOtherTabs()
  if (!impersonationToken) lastEndReason = null
  own = { access_token: accessToken, customer }
  restoreState = 'done'
  if (share) channel.post({ type: 'session', session: own })
  emit()
}

/** Keeps the profile in step with `GET /portal/me`. */
export function updatePortalCustomer(customer: PortalMe): void {
  if (impersonationToken || !own) return
  own = { ...own, customer }
  emit()
}

/**
 * Opens this tab's read-only "View as customer" session. The token stays in this tab's
 * memory; only a marker without it goes to sessionStorage, so a reload can tell the admin
 * that the view ended. The tab never restores the customer's own session.
 */
export function startImpersonation(token: string): void {
  listenToOtherTabs()
  lastEndReason = null
  impersonationToken = token
  restoreState = 'done'
  try {
    sessionStore()?.setItem(PORTAL_VIEW_MARKER_KEY, '1')
  } catch {
    // Storage disabled: a reload shows the plain sign-in page instead of the note.
  }
  emit()
}

function dropViewMarker() {
  try {
    sessionStore()?.removeItem(PORTAL_VIEW_MARKER_KEY)
  } catch {
    // Nothing to remove.
  }
}

/**
 * After a reload of a "View as customer" tab: its token is gone, so the view has ended.
 * Records that (the login page says to open it again from the admin portal) and returns
 * true; false for any other tab.
 */
export function endReloadedImpersonation(): boolean {
  if (impersonationToken) return false
  let marked: boolean
  try {
    marked = (sessionStore()?.getItem(PORTAL_VIEW_MARKER_KEY) ?? null) !== null
  } catch {
    marked = false
  }
  if (!marked) return false
  dropViewMarker()
  lastEndReason = 'impersonation_expired'
  restoreState = 'done'
  emit()
  return true
}

/**
 * Ends the session this tab uses: the impersonation when there is one (the customer's own
 * sign-in is not the admin's to end), else the customer's; `share` (a sign-out) ends the
 * customer's session in the other tabs too.
 */
export function clearPortalSession(reason: PortalSessionEndReason, { share = false }: { share?: boolean } = {}): void {
  if (impersonationToken) {
    impersonationToken = null
    dropViewMarker()
    lastEndReason = reason === 'expired' ? 'impersonation_expired' : reason
  } else {
    own = null
    lastEndReason = reason
    if (share) channel.post({ type: 'signed-out' })
  }
  restoreState = 'done'
  emit()
}

export function portalSessionEndReason(): PortalSessionEndReason | null {
  return lastEndReason
}

/** Whether this page load still waits for the first renewal of the customer's session. */
export function getPortalRestoreState(): PortalRestoreState {
  return restoreState
}

/** For `restorePortalSession` in `portal-api-client`. */
export function setPortalRestoreState(state: PortalRestoreState): void {
  if (state === restoreState) return
  restoreState = state
  emit()
}

export function subscribePortalSession(listener: Listener): () => void {
  listenToOtherTabs()
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** Forgets every portal session as a new page load would (tests). */
export function resetPortalSession(): void {
  own = null
  impersonationToken = null
  restoreState = 'pending'
  lastEndReason = null
  emit()
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
