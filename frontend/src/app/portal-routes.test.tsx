import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { getPortalSession, PORTAL_VIEW_MARKER_KEY } from '@/lib/portal-session'
import { makePortalMe, makePortalTokens, portalPage, signInCustomer } from '@/testing/portal'
import { freshPageLoad, jsonResponse, problem, stubFetch, webStorageContents, withQueryClient, type RecordedRequest } from '@/testing/utils'
import { routes } from './routes'

// Lazy pages load their chunk on first visit, which takes a while on a busy machine.
const lazyPage = { timeout: 10_000 }

function renderApp(url: string) {
  const router = createMemoryRouter(routes, { initialEntries: [url] })
  render(withQueryClient(<RouterProvider router={router} />))
  return router
}

const dashboard = { licenses_total: 2, licenses_active: 1, activations_in_use: 1, expiring_soon: 0 }

/** The portal's read endpoints, answered for `me`; anything else is recorded as unexpected. */
function stubPortalApi(me = makePortalMe(), override?: (request: RecordedRequest) => Response | undefined) {
  return stubFetch((request) => {
    const answer = override?.(request)
    if (answer) return answer
    if (request.path === '/api/v1/portal/me') return jsonResponse(me)
    if (request.path === '/api/v1/portal/dashboard') return jsonResponse(dashboard)
    if (request.path === '/api/v1/portal/licenses' || request.path === '/api/v1/portal/activations') return jsonResponse(portalPage([]))
    if (request.path === '/api/v1/portal/auth/logout') return new Response(null, { status: 204 })
    return jsonResponse(problem(404, 'not_found', `no stub for ${request.method} ${request.path}`), { status: 404 })
  })
}

afterEach(() => vi.restoreAllMocks())

describe('portal routes', () => {
  it('sends a visitor without a portal session to the portal login page', async () => {
    const calls = stubPortalApi()
    const router = renderApp('/portal/licenses')
    expect(await screen.findByRole('heading', { name: 'Sign in' }, lazyPage)).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/portal/login')
    expect(screen.getByText('Sign in to see your licenses and devices.')).toBeInTheDocument()
    expect(calls).toHaveLength(0)
  })

  it('shows the customer’s pages only, never the admin navigation, and signs out', async () => {
    const user = userEvent.setup()
    signInCustomer()
    const calls = stubPortalApi()
    const router = renderApp('/portal')
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' }, lazyPage)).toBeInTheDocument()
    const nav = screen.getByRole('navigation', { name: 'Portal' })
    expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Dashboard',
      'My licenses',
      'Activations',
      'Profile & security',
    ])
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Impersonation' })).not.toBeInTheDocument()
    expect(await screen.findByTestId('current-customer')).toHaveTextContent('grace@example.com')

    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal/login'))
    expect(calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/portal/auth/logout' })
    expect(calls.at(-1)!.headers.get('Authorization')).toBe('Bearer portal-access-1')
    expect(getPortalSession()).toBeNull()
    expect(screen.queryByText(/Your session ended/)).not.toBeInTheDocument()
  })

  it('keeps the admin portal behind an admin sign-in for a signed-in customer', async () => {
    signInCustomer()
    const calls = stubPortalApi()
    const router = renderApp('/admin/customers')
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/login')
    expect(screen.getByText('Sign in to the Latchkey admin portal.')).toBeInTheDocument()
    expect(calls).toHaveLength(0)
  })

  it('ends the session on a 401 and says so on the login page', async () => {
    signInCustomer()
    stubPortalApi(makePortalMe(), (request) =>
      request.path === '/api/v1/portal/dashboard'
        ? jsonResponse(problem(401, 'unauthorized', 'The session has expired.'), { status: 401 })
        : undefined,
    )
    const router = renderApp('/portal')
    expect(await screen.findByText('Your session ended. Sign in again to continue.', {}, lazyPage)).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/portal/login')
    expect(getPortalSession()).toBeNull()
  })

  it('opens "View as customer" from the link fragment: banner, read-only pages, and Leave', async () => {
    const user = userEvent.setup()
    const close = vi.spyOn(window, 'close').mockImplementation(() => {})
    const me = makePortalMe({ id: 'cust-7', impersonated: true, read_only: true })
    const calls = stubPortalApi(me, (request) =>
      request.path === '/api/v1/portal/activations'
        ? jsonResponse(
            portalPage([
              {
                id: 'act-1',
                license_id: 'lic-1',
                license_key: 'PRO-7K4QX-M2H9T-ZP3WA-C8RVN',
                product_name: 'Pro Editor',
                identifier: 'HW-1',
                kind: 'device',
                name: 'Office iMac',
                platform: null,
                status: 'active',
                activated_at: '2026-01-02T09:12:00Z',
                last_verified_at: null,
                deactivated_at: null,
                deactivation_reason: null,
              },
            ]),
          )
        : undefined,
    )
    const router = renderApp('/portal?impersonation=1#impersonation_token=imp-xyz')

    const banner = await screen.findByRole('region', { name: 'Impersonation' }, lazyPage)
    await waitFor(() => expect(banner).toHaveTextContent('Viewing as grace@example.com — read only'))
    // The token left the address bar and lives in this tab's memory only.
    expect(router.state.location).toMatchObject({ pathname: '/portal', search: '', hash: '' })
    expect(getPortalSession()).toMatchObject({ kind: 'impersonation', access_token: 'imp-xyz' })
    expect(webStorageContents()).toEqual([`sessionStorage:${PORTAL_VIEW_MARKER_KEY}=1`])
    // The tab never tries to restore a customer's own session.
    expect(calls.some((c) => c.path === '/api/v1/portal/auth/refresh')).toBe(false)
    expect(calls.every((c) => c.headers.get('Authorization') === 'Bearer imp-xyz')).toBe(true)
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument()

    // On every page, with no write control.
    await user.click(within(screen.getByRole('navigation', { name: 'Portal' })).getByRole('link', { name: 'Activations' }))
    expect(await screen.findByText('Office iMac', {}, lazyPage)).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Impersonation' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Deactivate/ })).not.toBeInTheDocument()

    await user.click(within(screen.getByRole('region', { name: 'Impersonation' })).getByRole('button', { name: 'Leave' }))
    await waitFor(() => expect(close).toHaveBeenCalled())
    // The viewing session ends on the server too, with its own token.
    const logout = calls.find((c) => c.path === '/api/v1/portal/auth/logout')
    expect(logout?.headers.get('Authorization')).toBe('Bearer imp-xyz')
    expect(getPortalSession()).toBeNull()
    expect(webStorageContents()).toEqual([])
    // A tab that cannot close goes back to the customer in the admin portal.
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/login'))
    expect(router.state.location.search).toBe(`?return=${encodeURIComponent('/admin/customers/cust-7')}`)
  })

  it('sends an expired "View as customer" session to the login page with its own note', async () => {
    stubPortalApi(makePortalMe(), () => jsonResponse(problem(401, 'unauthorized', 'The session has expired.'), { status: 401 }))
    renderApp('/portal?impersonation=1#impersonation_token=imp-old')
    expect(
      await screen.findByText('The read-only view as this customer ended. Open it again from the admin portal.', {}, lazyPage),
    ).toBeInTheDocument()
    expect(webStorageContents()).toEqual([])
  })

  it('says that the "View as customer" view ended after a reload of its tab, without asking the server', async () => {
    // The tab showed a view; a reload leaves the marker (no token) and empties memory.
    sessionStorage.setItem(PORTAL_VIEW_MARKER_KEY, '1')
    freshPageLoad()
    const calls = stubPortalApi()
    const router = renderApp('/portal/licenses')
    expect(
      await screen.findByText('The read-only view as this customer ended. Open it again from the admin portal.', {}, lazyPage),
    ).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/portal/login')
    expect(calls).toHaveLength(0)
    expect(webStorageContents()).toEqual([])
  })

  it('restores the customer’s session from the refresh cookie on a page load', async () => {
    freshPageLoad()
    const calls = stubPortalApi(makePortalMe(), (request) =>
      request.path === '/api/v1/portal/auth/refresh' ? jsonResponse(makePortalTokens({ access_token: 'portal-restored' })) : undefined,
    )
    renderApp('/portal/licenses')
    expect(await screen.findByRole('heading', { level: 1, name: 'My licenses' }, lazyPage)).toBeInTheDocument()
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/portal/auth/refresh', body: {} })
    expect(calls[0].headers.get('X-Latchkey-CSRF')).toBe('1')
    await waitFor(() => expect(calls.some((c) => c.headers.get('Authorization') === 'Bearer portal-restored')).toBe(true))
    expect(webStorageContents()).toEqual([])
  })

  it('shows the login page, with the way back, when the portal cookie renews nothing', async () => {
    freshPageLoad()
    const calls = stubPortalApi(makePortalMe(), (request) =>
      request.path === '/api/v1/portal/auth/refresh' ? jsonResponse(problem(401, 'unauthorized', 'No cookie.'), { status: 401 }) : undefined,
    )
    const router = renderApp('/portal/activations')
    expect(await screen.findByRole('heading', { name: 'Sign in' }, lazyPage)).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/portal/login')
    expect(router.state.location.state).toMatchObject({ from: '/portal/activations' })
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/portal/auth/refresh'])
  })
})
