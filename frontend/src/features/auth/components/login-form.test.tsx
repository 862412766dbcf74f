import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router'
import { describe, expect, it } from 'vitest'
import { getSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, problem, stubFetch, webStorageContents, withQueryClient } from '@/testing/utils'
import { LoginPage } from '../routes/login'

function Landed() {
  const location = useLocation()
  return <p>landed at {location.pathname + location.search}</p>
}

function renderLogin(url = '/admin/login') {
  const router = createMemoryRouter(
    [
      { path: '/admin/login', element: <LoginPage /> },
      { path: '*', element: <Landed /> },
    ],
    { initialEntries: [url] },
  )
  render(withQueryClient(<RouterProvider router={router} />))
  return router
}

describe('LoginForm', () => {
  it('asks for the authentication code after totp_required and resubmits with totp_code', async () => {
    const user = userEvent.setup()
    const admin = makeAdmin({ email: 'ada@example.com', two_factor_enabled: true })
    const calls = stubFetch([
      () =>
        jsonResponse(problem(401, 'totp_required', 'Enter the code from your authenticator app.'), { status: 401 }),
      () => jsonResponse(makeTokens({ access_token: 'access-9', admin })),
    ])
    const router = renderLogin('/admin/login?return=%2Fadmin%2Flicenses%3Fpage%3D2')

    expect(screen.queryByLabelText('Authentication code')).not.toBeInTheDocument()
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'correct horse{Enter}')

    const codeField = await screen.findByLabelText('Authentication code')
    expect(calls).toHaveLength(1)
    expect(calls[0].method).toBe('POST')
    expect(calls[0].path).toBe('/api/v1/admin/auth/login')
    expect(calls[0].body).toEqual({ email: 'ada@example.com', password: 'correct horse' })
    // The TOTP step is not an error, and nobody is signed in yet.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(getSession()).toBeNull()
    expect(codeField).toHaveFocus()

    await user.type(codeField, '12a3456{Enter}')

    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/licenses'))
    expect(router.state.location.search).toBe('?page=2')
    expect(calls).toHaveLength(2)
    expect(calls[1].body).toEqual({ email: 'ada@example.com', password: 'correct horse', totp_code: '123456' })
    expect(getSession()).toMatchObject({ access_token: 'access-9', admin: { email: 'ada@example.com' } })
    // The session is in memory only; the refresh token is an HttpOnly cookie the page never sees.
    expect(webStorageContents()).toEqual([])
  })

  it('shows the problem detail for a wrong code and stays on the code step', async () => {
    const user = userEvent.setup()
    stubFetch([
      () => jsonResponse(problem(401, 'totp_required', 'Code required'), { status: 401 }),
      () => jsonResponse(problem(401, 'invalid_totp', 'That code is not valid.'), { status: 401 }),
    ])
    renderLogin()
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'pw{Enter}')
    await user.type(await screen.findByLabelText('Authentication code'), '000000{Enter}')

    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not valid.')
    expect(screen.getByLabelText('Authentication code')).toHaveValue('')
    expect(getSession()).toBeNull()
  })

  it('shows the detail of invalid credentials and keeps the button disabled while pending', async () => {
    const user = userEvent.setup()
    let answer!: (response: Response) => void
    stubFetch([() => new Promise<Response>((resolve) => (answer = resolve))])
    renderLogin()
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'wrong')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))

    const button = await screen.findByRole('button', { name: /signing in/i })
    expect(button).toBeDisabled()

    answer(jsonResponse(problem(401, 'invalid_credentials', 'Invalid email or password.'), { status: 401 }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password.')
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled()
    expect(screen.queryByLabelText('Authentication code')).not.toBeInTheDocument()
  })

  it('says when to retry after a 429', async () => {
    const user = userEvent.setup()
    stubFetch([
      () =>
        jsonResponse(problem(429, 'rate_limited', 'Too many sign-in attempts.'), {
          status: 429,
          headers: { 'Retry-After': '120' },
        }),
    ])
    renderLogin()
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'pw{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many sign-in attempts. Try again in 2 minutes.')
  })

  it('shows field errors from validation_failed next to the field', async () => {
    const user = userEvent.setup()
    stubFetch([
      () =>
        jsonResponse(
          problem(422, 'validation_failed', 'The request is invalid.', { errors: { email: ['must be an email address'] } }),
          { status: 422 },
        ),
    ])
    renderLogin()
    await user.type(screen.getByLabelText('Password'), 'pw{Enter}')
    expect(await screen.findByText('must be an email address')).toBeInTheDocument()
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('must be an email address')
  })

  it('goes to the dashboard when there is no return path', async () => {
    const user = userEvent.setup()
    stubFetch([() => jsonResponse(makeTokens())])
    const router = renderLogin()
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'pw{Enter}')
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin'))
  })
})
