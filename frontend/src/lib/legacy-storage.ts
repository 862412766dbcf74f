/**
 * Keys where earlier versions kept tokens in Web Storage. Sessions live in memory (and the
 * refresh token in an HttpOnly cookie) now, so whatever an older version left there is
 * removed at start-up: a token must not sit where any script on the page can read it.
 */
export const LEGACY_SESSION_KEYS = {
  local: ['latchkey.admin.session', 'latchkey.portal.session'],
  session: ['latchkey.portal.impersonation'],
} as const

function remove(storage: () => Storage | undefined, keys: readonly string[]) {
  try {
    const store = storage()
    for (const key of keys) store?.removeItem(key)
  } catch {
    // Storage disabled (privacy settings): there is nothing to clean up.
  }
}

export function purgeLegacySessionKeys(): void {
  remove(() => globalThis.localStorage, LEGACY_SESSION_KEYS.local)
  remove(() => globalThis.sessionStorage, LEGACY_SESSION_KEYS.session)
}
