import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { getPortalSession, type PortalLoginState } from '@/lib/portal-session'
import { makePortalMe, makePortalTokens, renderPortalPage } from '@/testing/portal'
import { jsonResponse, problem, stubFetch, webStorageContents } from '@/testing/utils'
import { PortalLoginPage } from './login'

function renderLogin(url = '/portal/login', state?: PortalLoginState) {
  return renderPortalPage('/portal/login', <PortalLoginPage />, state ? { pathname: url, state } : url)
}

async function signIn(email = 'grace@example.com', password = 'correct horse battery') {
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Email'), email)
  await user.type(screen.getByLabelText('Password'), `${password}{Enter}`)
  return user
}

describe('PortalLoginPage', () => {
  it('signs in with email and password, stores the portal session and lands on the dashboard', async () => {
    const calls = stubFetch([() => jsonResponse(makePortalTokens({ access_token: 'portal-9' }))])
    const router = renderLogin()
    await signIn()
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal'))
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/portal/auth/login',
      body: { email: 'grace@example.com', password: 'correct horse battery' },
    })
    expect(calls[0].headers.get('Authorization')).toBeNull()
    expect(getPortalSession()).toMatchObject({ kind: 'customer', access_token: 'portal-9', customer: { email: 'grace@example.com' } })
    // In memory only: nothing in Web Storage, and no admin session.
    expect(webStorageContents()).toEqual([])
  })

  it('asks for the authentication code after totp_required and sends it with the credentials', async () => {
    const calls = stubFetch([
      () => jsonResponse(problem(401, 'totp_required', 'Enter the code from your authenticator app.'), { status: 401 }),
      () => jsonResponse(problem(401, 'invalid_totp', 'That code is not valid.'), { status: 401 }),
      () => jsonResponse(makePortalTokens({ customer: makePortalMe({ two_factor_enabled: true }) })),
    ])
    const router = renderLogin()
    expect(screen.queryByLabelText('Authentication code')).not.toBeInTheDocument()
    const user = await signIn()

    const code = await screen.findByLabelText('Authentication code')
    // The code step is not an error, and nobody is signed in yet.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(getPortalSession()).toBeNull()
    await user.type(code, '12a3456{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not valid.')
    expect(screen.getByLabelText('Authentication code')).toHaveValue('')

    await user.type(screen.getByLabelText('Authentication code'), '654321{Enter}')
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal'))
    expect(calls.map((c) => c.body)).toEqual([
      { email: 'grace@example.com', password: 'correct horse battery' },
      { email: 'grace@example.com', password: 'correct horse battery', totp_code: '123456' },
      { email: 'grace@example.com', password: 'correct horse battery', totp_code: '654321' },
    ])
  })

  it('says when the email or password is wrong', async () => {
    stubFetch([() => jsonResponse(problem(401, 'invalid_credentials', 'Invalid email or password.'), { status: 401 })])
    renderLogin()
    await signIn('grace@example.com', 'wrong')
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password.')
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled()
    expect(getPortalSession()).toBeNull()
  })

  it('says when the account is inactive or suspended', async () => {
    stubFetch([
      () =>
        jsonResponse(problem(401, 'account_inactive', 'This account is suspended. Contact the vendor to reactivate it.'), {
          status: 401,
        }),
    ])
    renderLogin()
    await signIn()
    expect(await screen.findByRole('alert')).toHaveTextContent('This account is suspended. Contact the vendor to reactivate it.')
  })

  it('says when to try again after too many attempts', async () => {
    stubFetch([
      () => jsonResponse(problem(429, 'rate_limited', 'Too many sign-in attempts.'), { status: 429, headers: { 'Retry-After': '90' } }),
    ])
    renderLogin()
    await signIn()
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many sign-in attempts. Try again in 2 minutes.')
  })

  it('shows validation errors under their field', async () => {
    stubFetch([
      () =>
        jsonResponse(problem(422, 'validation_failed', 'The request is invalid.', { errors: { email: ['must be an email address'] } }), {
          status: 422,
        }),
    ])
    renderLogin()
    await signIn('grace', 'pw')
    expect(await screen.findByText('Email must be an email address')).toBeInTheDocument()
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('requests a sign-in link and always confirms the same way', async () => {
    const user = userEvent.setup()
    const calls = stubFetch([() => jsonResponse({ message: 'If the address has an account, a link is on its way.' }, { status: 202 })])
    renderLogin()
    await user.type(screen.getByLabelText('Email'), ' nobody@example.com ')
    await user.click(screen.getByRole('button', { name: 'Email me a sign-in link' }))
    // The typed address is carried over.
    expect(screen.getByLabelText('Email')).toHaveValue('nobody@example.com')
    await user.click(screen.getByRole('button', { name: 'Send sign-in link' }))
    expect(await screen.findByText(/a sign-in link is on its way/)).toHaveTextContent(
      'If an account exists for nobody@example.com, a sign-in link is on its way. It works once, within 15 minutes.',
    )
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/portal/auth/magic-link', body: { email: 'nobody@example.com' } })
  })

  it('tells why the session ended and returns to the page after signing in', async () => {
    stubFetch([() => jsonResponse(makePortalTokens())])
    const router = renderLogin('/portal/login', { notice: 'expired', from: '/portal/activations?status=active' })
    expect(screen.getByText('Your session ended. Sign in again to continue.')).toBeInTheDocument()
    await signIn()
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal/activations'))
    expect(router.state.location.search).toBe('?status=active')
  })
})
