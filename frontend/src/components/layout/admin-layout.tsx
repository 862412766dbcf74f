import { LogOut, Menu, Search, X } from 'lucide-react'
import { useEffect, useId, useState, type ReactNode } from 'react'
import { NavLink, useLocation } from 'react-router'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { useHotkey } from '@/hooks/use-hotkey'
import type { Admin, AdminRole } from '@/lib/api/types'
import { roleLabel } from '@/lib/roles'
import { cn } from '@/lib/utils'
import { Brand } from './brand'
import { navItemsFor } from './nav-items'
import { ThemeToggle } from './theme-toggle'

/** Who is signed in, as the shell shows it. */
export type ShellUser = Pick<Admin, 'email' | 'name' | 'role'>

const navItemClass =
  'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring [&_svg]:size-4'

function SidebarNav({ role, onNavigate }: { role: AdminRole | undefined; onNavigate?: () => void }) {
  // Until the profile is known, show only what every role may open.
  const items = navItemsFor(role)
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 px-3">
      {items.map((item) =>
        item.external ? (
          <a key={item.to} href={item.to} target="_blank" rel="noreferrer" className={navItemClass} onClick={onNavigate}>
            <item.icon aria-hidden="true" />
            {item.label}
            <span className="sr-only">(opens in a new tab)</span>
          </a>
        ) : (
          <NavLink
            key={item.to}
            to={item.to}
            end={item.end}
            onClick={onNavigate}
            className={({ isActive }) => cn(navItemClass, isActive && 'bg-accent text-accent-foreground')}
          >
            <item.icon aria-hidden="true" />
            {item.label}
          </NavLink>
        ),
      )}
    </nav>
  )
}

export interface AdminLayoutProps {
  user: ShellUser | undefined
  onSignOut: () => void
  signingOut?: boolean
  /**
   * Opens the command palette: called by the header's "Search…" button and by Ctrl+K /
   * Cmd+K. Without it there is no button and no shortcut.
   */
  onOpenPalette?: () => void
  children: ReactNode
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)

/** The header button that opens the command palette, showing its shortcut. */
function PaletteButton({ onClick }: { onClick: () => void }) {
  return (
    <Button
      variant="outline"
      size="sm"
      onClick={onClick}
      aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
      className="w-9 justify-start px-0 text-muted-foreground sm:w-56 sm:px-3 [&_svg]:mx-auto sm:[&_svg]:mx-0"
    >
      <Search aria-hidden="true" />
      <span className="sr-only sm:not-sr-only sm:flex-1 sm:text-left">Search…</span>
      <kbd className="hidden rounded border border-border bg-muted px-1.5 font-sans text-[0.7rem] font-medium sm:inline">
        {isMac ? '⌘' : 'Ctrl'} K
      </kbd>
    </Button>
  )
}

/** The authenticated admin shell: sidebar, top bar with the signed-in admin, content. */
export function AdminLayout({ user, onSignOut, signingOut = false, onOpenPalette, children }: AdminLayoutProps) {
  const [menuOpen, setMenuOpen] = useState(false)
  const sidebarId = useId()
  const location = useLocation()
  useHotkey('mod+k', () => onOpenPalette?.(), { enabled: Boolean(onOpenPalette) })

  // Close the small-screen menu on navigation and on Escape.
  const [lastPath, setLastPath] = useState(location.pathname)
  if (lastPath !== location.pathname) {
    setLastPath(location.pathname)
    setMenuOpen(false)
  }
  useEffect(() => {
    if (!menuOpen) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [menuOpen])

  return (
    <div className="min-h-dvh bg-background text-foreground">
      {menuOpen && (
        <div className="fixed inset-0 z-30 bg-black/40 lg:hidden" aria-hidden="true" onClick={() => setMenuOpen(false)} />
      )}

      <aside
        id={sidebarId}
        aria-label="Sidebar"
        className={cn(
          'fixed inset-y-0 left-0 z-40 flex w-64 flex-col border-r border-border bg-sidebar transition-transform duration-200',
          'lg:translate-x-0',
          menuOpen ? 'translate-x-0' : '-translate-x-full',
        )}
      >
        <div className="flex h-14 items-center justify-between border-b border-border px-4">
          <NavLink to="/admin" className="rounded-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <Brand />
          </NavLink>
          <Button
            variant="ghost"
            size="icon"
            className="lg:hidden"
            aria-label="Close navigation"
            onClick={() => setMenuOpen(false)}
          >
            <X aria-hidden="true" />
          </Button>
        </div>
        <div className="flex-1 overflow-y-auto py-4">
          <SidebarNav role={user?.role} onNavigate={() => setMenuOpen(false)} />
        </div>
        {user ? (
          <div className="border-t border-border px-4 py-3 text-sm sm:hidden">
            {user.name ? <div className="truncate font-medium">{user.name}</div> : null}
            <div className="truncate text-muted-foreground">{user.email}</div>
            <Badge variant="secondary" className="mt-2">
              {roleLabel(user.role)}
            </Badge>
          </div>
        ) : null}
      </aside>

      <div className="flex min-h-dvh flex-col lg:pl-64">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-2 border-b border-border bg-background/95 px-4 backdrop-blur supports-[backdrop-filter]:bg-background/80 sm:px-6">
          <Button
            variant="ghost"
            size="icon"
            className="lg:hidden"
            aria-label="Open navigation"
            aria-controls={sidebarId}
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen(true)}
          >
            <Menu aria-hidden="true" />
          </Button>
          <Brand className="lg:hidden" />
          {onOpenPalette ? (
            <div className="ml-auto lg:ml-0">
              <PaletteButton onClick={onOpenPalette} />
            </div>
          ) : null}

          <div className="ml-auto flex items-center gap-1 sm:gap-3">
            {user ? (
              <div className="hidden min-w-0 items-center gap-3 sm:flex" data-testid="current-admin">
                <div className="min-w-0 text-right leading-tight">
                  {user.name ? <div className="truncate text-sm font-medium">{user.name}</div> : null}
                  <div className={cn('truncate', user.name ? 'text-xs text-muted-foreground' : 'text-sm font-medium')}>
                    {user.email}
                  </div>
                </div>
                <Badge variant="secondary">{roleLabel(user.role)}</Badge>
              </div>
            ) : (
              <Spinner label="Loading profile" className="text-muted-foreground" />
            )}
            <ThemeToggle />
            <Button variant="outline" size="sm" onClick={onSignOut} disabled={signingOut}>
              {signingOut ? <Spinner label="Signing out" /> : <LogOut aria-hidden="true" />}
              Sign out
            </Button>
          </div>
        </header>

        <main className="flex flex-1 flex-col px-4 py-6 sm:px-6 lg:px-8">{children}</main>
      </div>
    </div>
  )
}
