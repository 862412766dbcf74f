import { Suspense } from 'react'
import { Outlet, useNavigate } from 'react-router'
import { AdminLayout } from '@/components/layout/admin-layout'
import { PageSkeleton } from '@/components/ui/skeleton'
import { useMe, useLogout } from '@/features/auth'
import { LOGIN_PATH } from '@/lib/auth-redirect'

// The command palette is built separately; it replaces this no-op (open state lives here).
const openPalette = () => {}

/** Every signed-in `/admin/*` page: the shell around the nested (lazily loaded) route. */
export function AdminRoot() {
  const me = useMe()
  const logout = useLogout()
  const navigate = useNavigate()

  return (
    <AdminLayout
      user={me.data}
      signingOut={logout.isPending}
      onOpenPalette={openPalette}
      onSignOut={() =>
        logout.mutate(undefined, {
          onSettled: () => navigate(LOGIN_PATH, { replace: true }),
        })
      }
    >
      <Suspense fallback={<PageSkeleton />}>
        <Outlet />
      </Suspense>
    </AdminLayout>
  )
}
