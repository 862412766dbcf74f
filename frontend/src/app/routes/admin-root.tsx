import { Outlet, useNavigate } from 'react-router'
import { AdminLayout } from '@/components/layout/admin-layout'
import { useMe, useLogout } from '@/features/auth'
import { LOGIN_PATH } from '@/lib/auth-redirect'

/** Every signed-in `/admin/*` page: the shell around the nested route. */
export function AdminRoot() {
  const me = useMe()
  const logout = useLogout()
  const navigate = useNavigate()

  return (
    <AdminLayout
      user={me.data}
      signingOut={logout.isPending}
      onSignOut={() =>
        logout.mutate(undefined, {
          onSettled: () => navigate(LOGIN_PATH, { replace: true }),
        })
      }
    >
      <Outlet />
    </AdminLayout>
  )
}
