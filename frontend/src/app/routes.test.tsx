import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import type { paths } from '@/lib/api/schema'
import { getSession, sessionFromTokens, setSession } from '@/lib/session'
import {
  freshPageLoad,
  jsonResponse,
  makeAdmin,
  makeTokens,
  problem,
  stubFetch,
  webStorageContents,
  withQueryClient,
  type RecordedRequest,
} from '@/testing/utils'
import { routes } from './routes'

/** The JSON body of a path's `GET` 200 answer, as the OpenAPI file defines it. */
type GetAnswer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } }
}
  ? T
  : never

const emptyPage = { data: [], meta: { page: 1, per_page: 25, total: 0, total_pages: 0, total_capped: false } }
const zeroLicenses = { assigned: 0, active: 0, expired: 0, suspended: 0, revoked: 0 }

/**
 * A valid answer for every `GET` the pages make on load: empty lists, zero counts, and a
 * customer and a product with nothing attached for the detail pages.
 */
const emptyAnswers = {
  '/api/v1/admin/me': makeAdmin(),
  '/api/v1/admin/stats': {
    customers: 0,
    licenses: { total: 0, available: 0, ...zeroLicenses },
    active_activations: 0,
    expiring_soon: 0,
    expiring_within_days: 30,
    usage: [],
    generated_at: '2026-01-26T14:03:00Z',
  },
  '/api/v1/admin/search': { customers: [], licenses: [] },
  '/api/v1/admin/customers': emptyPage,
  '/api/v1/admin/customers/{id}': {
    id: '01943b6e',
    name: 'Grace Hopper',
    email: 'grace@example.com',
    status: 'active',
    email_verified: true,
    email_verified_at: '2026-01-02T09:00:00Z',
    two_factor_enabled: false,
    password_set: true,
    last_login_at: null,
    license_count: 0,
    licenses_by_status: zeroLicenses,
    active_activations: 0,
    created_at: '2026-01-02T09:00:00Z',
    updated_at: '2026-01-02T09:00:00Z',
  },
  '/api/v1/admin/customers/{id}/licenses': emptyPage,
  '/api/v1/admin/customers/{id}/activations': emptyPage,
  '/api/v1/admin/customers/{id}/timeline': emptyPage,
  '/api/v1/admin/licenses': emptyPage,
  '/api/v1/admin/activations': emptyPage,
  '/api/v1/admin/products': emptyPage,
  '/api/v1/admin/products/{id}': {
    id: '01943b6e',
    name: 'Pro Editor',
    slug: 'pro-editor',
    description: null,
    status: 'active',
    max_activations: 3,
    validity_days: null,
    send_license_email: true,
    license_count: 0,
    public_keys: [],
    created_at: '2026-01-02T09:00:00Z',
    updated_at: '2026-01-02T09:00:00Z',
  },
  '/api/v1/admin/products/{id}/generators': emptyPage,
  '/api/v1/licensing/products/{id}/public-keys': { keys: [] },
  '/api/v1/licensing/public-keys': { keys: [] },
  '/api/v1/admin/audit-events': emptyPage,
  '/api/v1/admin/api-keys': emptyPage,
  '/api/v1/admin/admins': emptyPage,
} satisfies { [P in keyof paths]?: GetAnswer<P> }

const answerRoutes = Object.entries(emptyAnswers).map(
  ([template, body]) => [new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`), body] as const,
)

/** Stubs fetch with `emptyAnswers`, by path; returns the calls and the requests nothing answers. */
function stubEmptyApi() {
  const unexpected: RecordedRequest[] = []
  const calls = stubFetch((request) => {
    const match = request.method === 'GET' ? answerRoutes.find(([pattern]) => pattern.test(request.path)) : undefined
    if (match) return jsonResponse(match[1])
    unexpected.push(request)
    return jsonResponse({ status: 404, title: 'Not Found', detail: `no stub for ${request.method} ${request.path}` }, { status: 404 })
  })
  return { calls, unexpected }
}

// Lazy pages load their chunk on first visit, which takes a while on a busy machine.
const lazyPage = { timeout: 10_000 }

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

  it('restores the session from the refresh cookie on a page load, showing the loading state meanwhile', async () => {
    freshPageLoad()
    let answer: ((response: Response) => void) | undefined
    const calls = stubFetch((request) => {
      if (request.path === '/api/v1/admin/auth/refresh') return new Promise<Response>((resolve) => (answer = resolve))
      return jsonResponse(makeAdmin({ name: 'Ada Lovelace' }))
    })
    const router = renderApp('/admin/customers?page=2')
    // No login page flashes while the cookie is traded for an access token.
    expect(await screen.findByRole('status', { name: 'Loading' })).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Sign in' })).not.toBeInTheDocument()
    await waitFor(() => expect(answer).toBeDefined())
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/admin/auth/refresh', body: {} })
    expect(calls[0].headers.get('X-Latchkey-CSRF')).toBe('1')
    answer!(jsonResponse(makeTokens({ access_token: 'access-restored' })))

    expect(await screen.findByRole('navigation', { name: 'Main' }, lazyPage)).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/customers')
    await waitFor(() => expect(calls.some((c) => c.headers.get('Authorization') === 'Bearer access-restored')).toBe(true))
    expect(webStorageContents()).toEqual([])
  })

  it('shows the login page, with the way back, when the refresh cookie renews nothing', async () => {
    freshPageLoad()
    const calls = stubFetch(() => jsonResponse(problem(401, 'unauthorized', 'No refresh cookie.'), { status: 401 }))
    const router = renderApp('/admin/licenses')
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/login')
    expect(router.state.location.search).toBe('?return=%2Fadmin%2Flicenses')
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/admin/auth/refresh'])
  })

  it('sends a visitor of the login page who is still signed in (cookie) on', async () => {
    freshPageLoad()
    stubFetch((request) =>
      request.path === '/api/v1/admin/auth/refresh' ? jsonResponse(makeTokens()) : jsonResponse(makeAdmin()),
    )
    const router = renderApp('/admin/login')
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' }, lazyPage)).toBeInTheDocument()
  })

  it('shows the shell and dashboard for the signed-in admin, refreshed from /me', async () => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ name: 'Stale Name' }) })))
    // By path: whether /me or the dashboard's /stats goes first depends on whether its chunk is loaded yet.
    const calls = stubFetch((request) =>
      request.path === '/api/v1/admin/me'
        ? jsonResponse(makeAdmin({ name: 'Ada Lovelace', role: 'operator', last_login_at: '2026-01-26T14:03:00Z' }))
        : jsonResponse(problem(404, 'not_found', `no stub for ${request.path}`), { status: 404 }),
    )
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
    const me = calls.find((c) => c.path === '/api/v1/admin/me')
    expect(me?.headers.get('Authorization')).toBe('Bearer access-1')
    // The session's profile follows the server.
    expect(getSession()?.admin.name).toBe('Ada Lovelace')
  })

  it('welcomes an admin without a name by email', async () => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ name: null, email: 'admin@localhost', last_login_at: null }) })))
    stubFetch((request) =>
      request.path === '/api/v1/admin/me'
        ? jsonResponse(makeAdmin({ name: null, email: 'admin@localhost', last_login_at: null }))
        : jsonResponse(problem(404, 'not_found', `no stub for ${request.path}`), { status: 404 }),
    )
    renderApp('/admin')
    expect(await screen.findByText('Welcome, admin@localhost')).toBeInTheDocument()
    expect(screen.getByText('Never')).toBeInTheDocument()
  })

  it('signs out: ends the session on the server, clears it here and shows the login page', async () => {
    const user = userEvent.setup()
    setSession(sessionFromTokens(makeTokens()))
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
    expect(logout?.body).toBeUndefined()
    expect(logout?.headers.get('Authorization')).toBe('Bearer access-1')
    expect(getSession()).toBeNull()
    expect(calls.some((c) => c.path === '/api/v1/admin/auth/refresh')).toBe(false)
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

describe('admin navigation', { timeout: 60_000 }, () => {
  it('lists every page for a super admin and loads the lazy pages', async () => {
    const user = userEvent.setup()
    setSession(sessionFromTokens(makeTokens()))
    const { unexpected } = stubEmptyApi()
    const router = renderApp('/admin')
    const nav = await screen.findByRole('navigation', { name: 'Main' }, lazyPage)
    const labels = within(nav).getAllByRole('link').map((link) => link.textContent?.replace('(opens in a new tab)', ''))
    expect(labels).toEqual([
      'Dashboard',
      'Customers',
      'Licenses',
      'Activations',
      'Products',
      'Audit log',
      'API keys',
      'Emails',
      'Admins',
      'Email settings',
      'Profile',
      'API docs',
    ])
    await user.click(within(nav).getByRole('link', { name: 'Customers' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' }, lazyPage)).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/customers')
    expect(screen.getByRole('button', { name: /Search…/ })).toBeInTheDocument()
    // The customers page got its (empty) list.
    expect(await screen.findByRole('heading', { name: 'No customers yet' }, lazyPage)).toBeInTheDocument()
    expect(unexpected).toEqual([])
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

  it('gives each page route its real page', async () => {
    setSession(sessionFromTokens(makeTokens()))
    const { calls, unexpected } = stubEmptyApi()
    const pages: Array<[url: string, h1: string, api: string]> = [
      ['/admin', 'Dashboard', '/api/v1/admin/stats'],
      ['/admin/customers', 'Customers', '/api/v1/admin/customers'],
      ['/admin/customers/01943b6e', 'Grace Hopper', '/api/v1/admin/customers/01943b6e'],
      ['/admin/licenses', 'Licenses', '/api/v1/admin/licenses'],
      ['/admin/activations', 'Activations', '/api/v1/admin/activations'],
      ['/admin/products', 'Products', '/api/v1/admin/products'],
      ['/admin/products/01943b6e', 'Pro Editor', '/api/v1/admin/products/01943b6e'],
      ['/admin/audit', 'Audit log', '/api/v1/admin/audit-events'],
      ['/admin/api-keys', 'API keys', '/api/v1/admin/api-keys'],
      ['/admin/admins', 'Admins', '/api/v1/admin/admins'],
      ['/admin/profile', 'Profile', '/api/v1/admin/me'],
    ]
    const router = renderApp(pages[0][0])
    for (const [url, title, api] of pages) {
      await router.navigate(url)
      expect(await screen.findByRole('heading', { level: 1, name: title }, lazyPage)).toBeInTheDocument()
      // The stub records a request after reading its body: wait for it rather than race it.
      await waitFor(() => expect(calls.map((c) => c.path)).toContain(api))
    }
    expect(screen.queryByRole('heading', { name: 'Something went wrong' })).not.toBeInTheDocument()
    expect(unexpected).toEqual([])
  })
})
