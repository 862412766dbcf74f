import { render, screen } from '@testing-library/react'
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router'
import { describe, expect, it } from 'vitest'
import { clearSession, sessionFromTokens, setSession } from '@/lib/session'
import { makeTokens } from '@/testing/utils'
import { RequireAuth } from './require-auth'

function LoginProbe() {
  const location = useLocation()
  return <p data-testid="login">{location.pathname + location.search}</p>
}

function renderAt(url: string) {
  const router = createMemoryRouter(
    [
      { path: '/admin/login', element: <LoginProbe /> },
      {
        path: '/admin',
        element: <RequireAuth />,
        children: [
          { index: true, element: <p>dashboard</p> },
          { path: 'customers', element: <p>customers</p> },
        ],
      },
    ],
    { initialEntries: [url] },
  )
  render(<RouterProvider router={router} />)
  return router
}

describe('RequireAuth', () => {
  it('sends an unauthenticated visitor to the login page with the return path', async () => {
    const router = renderAt('/admin/customers?search=john&sort=-created_at#top')
    expect(await screen.findByTestId('login')).toBeInTheDocument()
    expect(screen.queryByText('customers')).not.toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/login')
    expect(new URLSearchParams(router.state.location.search).get('return')).toBe(
      '/admin/customers?search=john&sort=-created_at#top',
    )
    // Replaced, so Back does not bounce through the protected page.
    expect(router.state.historyAction).toBe('REPLACE')
  })

  it('renders the protected page for a signed-in admin', () => {
    setSession(sessionFromTokens(makeTokens()))
    const router = renderAt('/admin/customers')
    expect(screen.getByText('customers')).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/customers')
  })

  it('redirects as soon as the session ends', async () => {
    setSession(sessionFromTokens(makeTokens()))
    const router = renderAt('/admin')
    expect(screen.getByText('dashboard')).toBeInTheDocument()
    clearSession('expired')
    expect(await screen.findByTestId('login')).toHaveTextContent('/admin/login?return=%2Fadmin')
    expect(router.state.location.pathname).toBe('/admin/login')
  })

  it('goes to the plain login page after signing out', async () => {
    setSession(sessionFromTokens(makeTokens()))
    renderAt('/admin/customers')
    clearSession('logout')
    expect(await screen.findByTestId('login')).toHaveTextContent(/^\/admin\/login$/)
  })
})
