export const LOGIN_PATH = '/admin/login'
export const HOME_PATH = '/admin'

/**
 * Where to send someone after signing in: the `return` parameter when it is a path on
 * this site (never another origin, never the login page itself), else the dashboard.
 */
export function safeReturnPath(raw: string | null | undefined): string {
  if (!raw) return HOME_PATH
  // Only site-relative paths: "/x", not "//evil.example" or "/\evil.example".
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return HOME_PATH
  try {
    const url = new URL(raw, 'http://latchkey.invalid')
    if (url.origin !== 'http://latchkey.invalid') return HOME_PATH
    if (url.pathname === LOGIN_PATH || url.pathname.startsWith(`${LOGIN_PATH}/`)) return HOME_PATH
    return `${url.pathname}${url.search}${url.hash}`
  } catch {
    return HOME_PATH
  }
}

/** The login page URL that brings the person back to `returnTo` afterwards. */
export function loginPath(returnTo?: string | null): string {
  if (!returnTo) return LOGIN_PATH
  const target = safeReturnPath(returnTo)
  if (target === HOME_PATH && returnTo !== HOME_PATH) {
    // Unsafe or pointless return targets are dropped rather than kept in the URL.
    return LOGIN_PATH
  }
  return `${LOGIN_PATH}?${new URLSearchParams({ return: target }).toString()}`
}

/** The current location as a return path (`/admin/x?y=1#z`). */
export function currentPath(location: { pathname: string; search?: string; hash?: string }): string {
  return `${location.pathname}${location.search ?? ''}${location.hash ?? ''}`
}
