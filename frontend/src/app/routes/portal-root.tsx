import { useQueryClient } from '@tanstack/react-query'
import { Suspense, useEffect, useState } from 'react'
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router'
import { PortalLayout } from '@/components/layout/portal-layout'
import { PageSkeleton } from '@/components/ui/skeleton'
import { PageSpinner } from '@/components/ui/spinner'
import { portalLogout, usePortalLogout } from '@/features/portal-auth'
import { PORTAL_QUERY_ROOT, usePortalMe, useRestoredPortalSession } from '@/hooks/use-portal-session'
import { currentPath } from '@/lib/auth-redirect'
import {
  clearPortalSession,
  fragmentParam,
  PORTAL_LOGIN_PATH,
  portalSessionEndReason,
  startImpersonation,
  type PortalLoginState,
} from '@/lib/portal-session'

/**
 * Every signed-in `/portal/*` page. Opens a "View as customer" session from
 * `#impersonation_token=…` (then drops the token from the address bar; it stays in this
 * tab's memory only), restores the customer's session from the refresh cookie on a page
 * load (showing the loading state meanwhile), sends anyone without a session to the portal
 * login page, and wraps the lazily loaded page in the shell.
 */
export function PortalRoot() {
  const location = useLocation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const incoming = fragmentParam(location.hash, 'impersonation_token')
  // A tab that opens a "View as customer" link never restores the customer's own session.
  const { session, restoring } = useRestoredPortalSession(!incoming)
  // Where "Leave" goes: the ended session must not send the admin to the portal login page.
  const [leftTo, setLeftTo] = useState<string | null>(null)

  useEffect(() => {
    if (!incoming) return
    queryClient.removeQueries({ queryKey: PORTAL_QUERY_ROOT })
    startImpersonation(incoming)
    const search = new URLSearchParams(location.search)
    search.delete('impersonation')
    const rest = search.toString()
    navigate({ pathname: location.pathname, search: rest ? `?${rest}` : '', hash: '' }, { replace: true })
  }, [incoming, location.pathname, location.search, navigate, queryClient])

  if (leftTo) return <Navigate to={leftTo} replace />
  if (incoming) return <PageSpinner label="Opening the portal" />
  if (restoring) return <PageSpinner label="Loading" />
  if (!session) {
    const reason = portalSessionEndReason()
    // After "Sign out" the login page is shown plain.
    const state: PortalLoginState = reason === 'logout' ? {} : { notice: reason ?? undefined, from: currentPath(location) }
    return <Navigate to={PORTAL_LOGIN_PATH} replace state={state} />
  }

  const leave = (customerId: string | undefined) => {
    // The viewing session ends on the server first, not only in this tab.
    void portalLogout().finally(() => {
      // Back to the customer in the admin portal when this tab cannot close (it was not opened by "View as customer").
      setLeftTo(customerId ? `/admin/customers/${customerId}` : '/admin')
      clearPortalSession('logout')
      queryClient.removeQueries({ queryKey: PORTAL_QUERY_ROOT })
      window.close()
    })
  }

  return <PortalShell impersonating={session.kind === 'impersonation'} onLeave={leave} />
}

function PortalShell({ impersonating, onLeave }: { impersonating: boolean; onLeave: (customerId: string | undefined) => void }) {
  const me = usePortalMe()
  const logout = usePortalLogout()
  const navigate = useNavigate()

  return (
    <PortalLayout
      user={me.data}
      impersonating={impersonating}
      signingOut={logout.isPending}
      onLeave={() => onLeave(me.data?.id)}
      onSignOut={() => logout.mutate(undefined, { onSettled: () => navigate(PORTAL_LOGIN_PATH, { replace: true }) })}
    >
      <Suspense fallback={<PageSkeleton />}>
        <Outlet />
      </Suspense>
    </PortalLayout>
  )
}
