import type { Admin, TokenResponse } from './api/types'
import { sessionChannel } from './cross-tab'

/**
 * The signed-in admin's session, in this page's memory only: nothing of it is written to
 * localStorage or sessionStorage, where any script on the page could read it. The refresh
 * token lives in the HttpOnly cookie `latchkey_admin_refresh` (path `/api/v1/admin/auth`),
 * which page scripts cannot read at all; a page load restores the session by trading that
 * cookie for a new access token (see `restoreSession` in `api-client`).
 */
export interface Session {
  /** The short-lived (15 min) bearer token. */
  access_token: string
  token_type: string
  /** Epoch milliseconds when the access token expires (informational). */
  expires_at: number
  admin: Admin
}

/** Why the session last ended: a sign-out goes to the bare login page. */
export type SessionEndReason = 'logout' | 'expired'

/**
 * Whether this page load knows its session yet: `pending` before the first renewal was
 * tried, `restoring` while it is out, `done` afterwards (signed in or not).
 */
export type RestoreState = 'pending' | 'restoring' | 'done'

/** What one tab tells the others (BroadcastChannel), so they need no renewal of their own. */
type SessionMessage = { type: 'session'; session: Session } | { type: 'signed-out' }

type Listener = () => void
const listeners = new Set<Listener>()

let current: Session | null = null
let restoreState: RestoreState = 'pending'
let lastEndReason: SessionEndReason | null = null

const channel = sessionChannel<SessionMessage>('latchkey-admin-session')
let listening = false

function emit() {
  for (const listener of [...listeners]) listener()
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.access_token === 'string' &&
    v.access_token !== '' &&
    typeof v.expires_at === 'number' &&
    typeof v.admin === 'object' &&
    v.admin !== null &&
    typeof (v.admin as Record<string, unknown>).email === 'string'
  )
}

/** Takes what another tab renewed or ended. */
function listenToOtherTabs() {
  if (listening) return
  listening = true
  channel.listen((message) => {
    if (message?.type === 'session' && isSession(message.session)) {
      // Another tab signed in or renewed the session: the same cookie, so the same session.
      lastEndReason = null
      current = message.session
      restoreState = 'done'
      emit()
    } else if (message?.type === 'signed-out' && current) {
      current = null
      lastEndReason = 'expired'
      emit()
    }
  })
}

/** The session, or null. The same object until it changes, so it can back `useSyncExternalStore`. */
export function getSession(): Session | null {
  return current
}

/**
 * Starts (or renews) the session. `share` hands it to this origin's other tabs, for a
 * sign-in or a renewal; the access token is never stored.
 */
export function setSession(session: Session, { share = false }: { share?: boolean } = {}): void {
  listenToOtherTabs()
  lastEndReason = null
  current = session
  restoreState = 'done'
  if (share) channel.post({ type: 'session', session })
  emit()
}

/** Ends the session in this tab; `share` (a sign-out) ends it in the other tabs too. */
export function clearSession(reason: SessionEndReason = 'expired', { share = false }: { share?: boolean } = {}): void {
  lastEndReason = reason
  current = null
  restoreState = 'done'
  if (share) channel.post({ type: 'signed-out' })
  emit()
}

export function sessionEndReason(): SessionEndReason | null {
  return lastEndReason
}

/** Whether this page load still waits for its first renewal. */
export function getRestoreState(): RestoreState {
  return restoreState
}

/** For `restoreSession` in `api-client`. */
export function setRestoreState(state: RestoreState): void {
  if (state === restoreState) return
  restoreState = state
  emit()
}

/** Keeps the profile in step with `GET /admin/me`. */
export function updateSessionAdmin(admin: Admin): void {
  if (current) setSession({ ...current, admin })
}

export function sessionFromTokens(tokens: Pick<TokenResponse, 'access_token' | 'token_type' | 'expires_in' | 'admin'>, now: number = Date.now()): Session {
  return {
    access_token: tokens.access_token,
    token_type: tokens.token_type,
    expires_at: now + Number(tokens.expires_in) * 1000,
    admin: tokens.admin,
  }
}

export function subscribeSession(listener: Listener): () => void {
  listenToOtherTabs()
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** Forgets the session as a new page load would (tests). */
export function resetSession(): void {
  current = null
  restoreState = 'pending'
  lastEndReason = null
  emit()
}
