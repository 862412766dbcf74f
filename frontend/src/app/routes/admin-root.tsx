import { lazy, Suspense, useCallback, useState } from 'react'
import { Outlet, useNavigate } from 'react-router'
import { useMe } from '@/api/me/get-me'
import { AdminLayout } from '@/components/layout/admin-layout'
import { PageSkeleton } from '@/components/ui/skeleton'
import { useLogout } from '@/features/auth'
import { LOGIN_PATH } from '@/lib/auth-redirect'

// Loaded on first open (Ctrl+K or the header button), not with the shell.
const CommandPalette = lazy(() => import('@/features/command-palette').then((m) => ({ default: m.CommandPalette })))

/** Every signed-in `/admin/*` page: the shell around the nested (lazily loaded) route. */
export function AdminRoot() {
  const me = useMe({ staleTime: 60_000 })
  const logout = useLogout()
  const navigate = useNavigate()
  const [paletteOpen, setPaletteOpen] = useState(false)
  // Once loaded, the palette stays mounted (closed) so reopening is instant.
  const [paletteLoaded, setPaletteLoaded] = useState(false)
  const openPalette = useCallback(() => {
    setPaletteLoaded(true)
    setPaletteOpen(true)
  }, [])
  const closePalette = useCallback(() => setPaletteOpen(false), [])

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
      {paletteLoaded ? (
        <Suspense fallback={null}>
          <CommandPalette open={paletteOpen} onClose={closePalette} role={me.data?.role} />
        </Suspense>
      ) : null}
    </AdminLayout>
  )
}
