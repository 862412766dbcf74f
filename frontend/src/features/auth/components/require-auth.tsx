import type { ReactNode } from 'react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { PageSpinner } from '@/components/ui/spinner'
import { currentPath, LOGIN_PATH, loginPath } from '@/lib/auth-redirect'
import { sessionEndReason } from '@/lib/session'
import { useRestoredSession } from '../lib/use-session'

/** What a page shows while the session of a page load is restored from the refresh cookie. */
export function SessionRestoring() {
  return (
    <div className="flex min-h-dvh flex-col bg-background text-foreground">
      <PageSpinner label="Loading" />
    </div>
  )
}

/**
 * Renders its children (or the nested route) only for a signed-in admin; anyone else is
 * sent to the login page with `?return=<where they were going>`. While a page load
 * restores its session from the refresh cookie, it shows the loading state.
 */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const { session, restoring } = useRestoredSession()
  const location = useLocation()
  if (restoring) return <SessionRestoring />
  if (!session) {
    // After "Sign out" the login page is shown plain, without a return path.
    const to = sessionEndReason() === 'logout' ? LOGIN_PATH : loginPath(currentPath(location))
    return <Navigate to={to} replace />
  }
  return children ?? <Outlet />
}
