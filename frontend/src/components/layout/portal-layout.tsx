import { Eye, LogOut, X } from 'lucide-react'
import type { ReactNode } from 'react'
import { NavLink } from 'react-router'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { cn } from '@/lib/utils'
import { Brand } from './brand'
import { ThemeToggle } from './theme-toggle'

const PORTAL_NAV = [
  { to: '/portal', label: 'Dashboard', end: true },
  { to: '/portal/licenses', label: 'My licenses', end: false },
  { to: '/portal/activations', label: 'Activations', end: false },
  { to: '/portal/profile', label: 'Profile & security', end: false },
] as const

export interface PortalLayoutProps {
  /** The signed-in customer; undefined while the profile loads. */
  user: { email: string; name?: string | null } | undefined
  /** An admin's read-only "View as customer" session: the banner shows and "Leave" replaces "Sign out". */
  impersonating: boolean
  onSignOut: () => void
  onLeave: () => void
  signingOut?: boolean
  children: ReactNode
}

/** The client portal's shell: a top bar with the customer's pages only (never the admin navigation). */
export function PortalLayout({ user, impersonating, onSignOut, onLeave, signingOut = false, children }: PortalLayoutProps) {
  return (
    <div className="flex min-h-dvh flex-col bg-background text-foreground">
      {impersonating ? (
        <div
          role="region"
          aria-label="Impersonation"
          className="sticky top-0 z-30 flex flex-wrap items-center justify-center gap-x-4 gap-y-2 bg-amber-400 px-4 py-2 text-sm font-medium text-amber-950"
        >
          <span className="inline-flex items-center gap-2">
            <Eye aria-hidden="true" className="size-4" />
            {user ? `Viewing as ${user.email} — read only` : 'Viewing as a customer — read only'}
          </span>
          <Button size="sm" variant="outline" className="h-7 border-amber-950/40 bg-transparent text-amber-950 hover:bg-amber-300" onClick={onLeave}>
            <X aria-hidden="true" />
            Leave
          </Button>
        </div>
      ) : null}
      <header className="border-b border-border bg-background">
        <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <NavLink to="/portal" end className="rounded-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <Brand />
          </NavLink>
          <nav aria-label="Portal" className="order-last flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto">
            {PORTAL_NAV.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  cn(
                    'whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                    isActive && 'bg-accent text-accent-foreground',
                  )
                }
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-2">
            {user ? (
              <span className="hidden max-w-56 truncate text-sm text-muted-foreground md:inline" data-testid="current-customer">
                {user.email}
              </span>
            ) : (
              <Spinner label="Loading profile" className="text-muted-foreground" />
            )}
            <ThemeToggle />
            {impersonating ? null : (
              <Button variant="outline" size="sm" onClick={onSignOut} disabled={signingOut}>
                {signingOut ? <Spinner label="Signing out" /> : <LogOut aria-hidden="true" />}
                Sign out
              </Button>
            )}
          </div>
        </div>
      </header>
      <main className="mx-auto flex w-full max-w-6xl flex-1 flex-col px-4 py-6 sm:px-6">{children}</main>
    </div>
  )
}
