import type { ReactNode } from 'react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { currentPath, LOGIN_PATH, loginPath } from '@/lib/auth-redirect'
import { sessionEndReason } from '@/lib/session'
import { useSession } from '../lib/use-session'

/**
 * Renders its children (or the nested route) only for a signed-in admin; anyone else is
 * sent to the login page with `?return=<where they were going>`.
 */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const session = useSession()
  const location = useLocation()
  if (!session) {
    // After "Sign out" the login page is shown plain, without a return path.
    const to = sessionEndReason() === 'logout' ? LOGIN_PATH : loginPath(currentPath(location))
    return <Navigate to={to} replace />
  }
  return children ?? <Outlet />
}
