import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import { SESSION_KEY, sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, stubFetch, withQueryClient } from '@/testing/utils'
import { routes } from './routes'

function renderApp(url: string) {
  const router = createMemoryRouter(routes, { initialEntries: [url] })
  render(withQueryClient(<RouterProvider router={router} />))
  return router
}

describe('app routes', () => {
  it('sends / to the dashboard, and a visitor without a session on to the login page', async () => {
    const router = renderApp('/')
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/login')
    expect(router.state.location.search).toBe('?return=%2Fadmin')
  })

  it('shows the shell and dashboard for the signed-in admin, refreshed from /me', async () => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ name: 'Stale Name' }) })))
    const calls = stubFetch([
      () => jsonResponse(makeAdmin({ name: 'Ada Lovelace', role: 'operator', last_login_at: '2026-01-26T14:03:00Z' })),
    ])
    renderApp('/admin')

    expect(await screen.findByText('Welcome, Ada Lovelace')).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument()
    const banner = screen.getByRole('banner')
    expect(within(banner).getByText('ada@example.com')).toBeInTheDocument()
    expect(within(banner).getByText('Operator')).toBeInTheDocument()
    expect(screen.getByText('Jan 26, 2026, 14:03')).toBeInTheDocument()
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect(within(nav).getByRole('link', { name: /API docs/ })).toHaveAttribute('href', '/api/docs')
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page')
    expect(calls[0].path).toBe('/api/v1/admin/me')
    expect(calls[0].headers.get('Authorization')).toBe('Bearer access-1')
    // The stored profile follows the server.
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!).admin.name).toBe('Ada Lovelace')
  })

  it('welcomes an admin without a name by email', async () => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ name: null, email: 'admin@localhost', last_login_at: null }) })))
    stubFetch([() => jsonResponse(makeAdmin({ name: null, email: 'admin@localhost', last_login_at: null }))])
    renderApp('/admin')
    expect(await screen.findByText('Welcome, admin@localhost')).toBeInTheDocument()
    expect(screen.getByText('Never')).toBeInTheDocument()
  })

  it('signs out: revokes the refresh token, clears the session and shows the login page', async () => {
    const user = userEvent.setup()
    setSession(sessionFromTokens(makeTokens({ refresh_token: 'refresh-7' })))
    const calls = stubFetch((request) =>
      request.path === '/api/v1/admin/me' ? jsonResponse(makeAdmin()) : new Response(null, { status: 204 }),
    )
    const router = renderApp('/admin')

    await user.click(await screen.findByRole('button', { name: 'Sign out' }))

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/login')
    expect(router.state.location.search).toBe('')
    const logout = calls.find((c) => c.path === '/api/v1/admin/auth/logout')
    expect(logout?.method).toBe('POST')
    expect(logout?.body).toEqual({ refresh_token: 'refresh-7' })
    expect(logout?.headers.get('Authorization')).toBe('Bearer access-1')
    expect(localStorage.getItem(SESSION_KEY)).toBeNull()
  })

  it('shows a not-found page with a way back for unknown URLs', async () => {
    renderApp('/no/such/page')
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Back to the dashboard' })).toHaveAttribute('href', '/admin')
  })

  it('keeps the shell around unknown admin pages', async () => {
    setSession(sessionFromTokens(makeTokens()))
    stubFetch(() => jsonResponse(makeAdmin()))
    renderApp('/admin/nothing-here')
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument()
  })

  it('toggles and remembers the theme', async () => {
    const user = userEvent.setup()
    document.documentElement.classList.remove('dark')
    renderApp('/admin/login')
    await user.click(await screen.findByRole('button', { name: 'Switch to dark theme' }))
    expect(document.documentElement).toHaveClass('dark')
    expect(localStorage.getItem('latchkey.theme')).toBe('dark')
    await user.click(screen.getByRole('button', { name: 'Switch to light theme' }))
    expect(document.documentElement).not.toHaveClass('dark')
    expect(localStorage.getItem('latchkey.theme')).toBe('light')
  })
})

describe('admin navigation', () => {
  it('lists every page for a super admin and loads the lazy pages', async () => {
    const user = userEvent.setup()
    setSession(sessionFromTokens(makeTokens()))
    stubFetch(() => jsonResponse(makeAdmin()))
    const router = renderApp('/admin')
    const nav = await screen.findByRole('navigation', { name: 'Main' })
    const labels = within(nav).getAllByRole('link').map((link) => link.textContent?.replace('(opens in a new tab)', ''))
    expect(labels).toEqual([
      'Dashboard',
      'Customers',
      'Licenses',
      'Activations',
      'Products',
      'Audit log',
      'API keys',
      'Admins',
      'Profile',
      'API docs',
    ])
    await user.click(within(nav).getByRole('link', { name: 'Customers' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/customers')
    expect(screen.getByRole('button', { name: /Search…/ })).toBeInTheDocument()
  })

  it('hides what a viewer cannot use and refuses those pages by URL', async () => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role: 'viewer' }) })))
    stubFetch(() => jsonResponse(makeAdmin({ role: 'viewer' })))
    renderApp('/admin/admins')
    expect(await screen.findByRole('heading', { name: 'You do not have access to this page' })).toBeInTheDocument()
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect(within(nav).queryByRole('link', { name: 'API keys' })).not.toBeInTheDocument()
    expect(within(nav).queryByRole('link', { name: 'Admins' })).not.toBeInTheDocument()
    expect(within(nav).queryByRole('link', { name: 'Audit log' })).not.toBeInTheDocument()
    expect(within(nav).getByRole('link', { name: 'Licenses' })).toBeInTheDocument()
  })

  it('gives each page route its placeholder page', async () => {
    setSession(sessionFromTokens(makeTokens()))
    stubFetch(() => jsonResponse(makeAdmin()))
    const pages: Array<[string, string]> = [
      ['/admin/customers/01943b6e', 'Customer'],
      ['/admin/licenses', 'Licenses'],
      ['/admin/activations', 'Activations'],
      ['/admin/products', 'Products'],
      ['/admin/products/01943b6e', 'Product'],
      ['/admin/audit', 'Audit log'],
      ['/admin/api-keys', 'API keys'],
      ['/admin/admins', 'Admins'],
      ['/admin/profile', 'Profile'],
    ]
    const router = renderApp(pages[0][0])
    for (const [url, title] of pages) {
      await router.navigate(url)
      expect(await screen.findByRole('heading', { level: 1, name: title })).toBeInTheDocument()
    }
  })
})
