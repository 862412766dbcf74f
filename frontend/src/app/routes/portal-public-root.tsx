import { Suspense } from 'react'
import { Outlet } from 'react-router'
import { Brand } from '@/components/layout/brand'
import { ThemeToggle } from '@/components/layout/theme-toggle'
import { PageSpinner } from '@/components/ui/spinner'

/** The signed-out portal pages (sign in, invitation, password reset, sign-in link): a centred card. */
export function PortalPublicRoot() {
  return (
    <div className="flex min-h-dvh flex-col bg-muted/40 text-foreground">
      <div className="flex justify-end p-4">
        <ThemeToggle />
      </div>
      <main className="flex flex-1 flex-col items-center justify-center gap-6 px-4 pb-16">
        <div className="flex flex-col items-center gap-1">
          <Brand className="text-lg" />
          <p className="text-sm text-muted-foreground">Client portal</p>
        </div>
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  )
}
