import type { Admin, TokenResponse } from './api/types'

/** localStorage key holding the signed-in admin's tokens and profile. */
export const SESSION_KEY = 'latchkey.admin.session'

export interface Session {
  access_token: string
  refresh_token: string
  token_type: string
  /** Epoch milliseconds when the access token expires (informational). */
  expires_at: number
  admin: Admin
}

/** Why the session last ended: a sign-out goes to the bare login page. */
export type SessionEndReason = 'logout' | 'expired'

type Listener = () => void
const listeners = new Set<Listener>()

let cachedRaw: string | null = null
let cachedSession: Session | null = null
let lastEndReason: SessionEndReason | null = null

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.access_token === 'string' &&
    typeof v.refresh_token === 'string' &&
    typeof v.admin === 'object' &&
    v.admin !== null &&
    typeof (v.admin as Record<string, unknown>).email === 'string'
  )
}

/**
 * The stored session, or null. Returns the same object while the stored value is
 * unchanged, so it can back `useSyncExternalStore`.
 */
export function getSession(): Session | null {
  const raw = storage()?.getItem(SESSION_KEY) ?? null
  if (raw === cachedRaw) return cachedSession
  cachedRaw = raw
  cachedSession = null
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw)
      if (isSession(parsed)) cachedSession = parsed
    } catch {
      // A corrupt value counts as signed out.
    }
  }
  return cachedSession
}

function emit() {
  for (const listener of [...listeners]) listener()
}

export function setSession(session: Session): void {
  lastEndReason = null
  storage()?.setItem(SESSION_KEY, JSON.stringify(session))
  emit()
}

export function clearSession(reason: SessionEndReason = 'expired'): void {
  lastEndReason = reason
  storage()?.removeItem(SESSION_KEY)
  emit()
}

export function sessionEndReason(): SessionEndReason | null {
  return lastEndReason
}

/** Keeps the stored profile in step with `GET /admin/me`. */
export function updateSessionAdmin(admin: Admin): void {
  const current = getSession()
  if (current) setSession({ ...current, admin })
}

export function sessionFromTokens(tokens: TokenResponse, now: number = Date.now()): Session {
  return {
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    token_type: tokens.token_type,
    expires_at: now + Number(tokens.expires_in) * 1000,
    admin: tokens.admin,
  }
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

// Another tab signed in or out.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === SESSION_KEY || event.key === null) emit()
  })
}
