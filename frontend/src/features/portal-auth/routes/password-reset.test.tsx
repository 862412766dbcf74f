import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderPortalPage } from '@/testing/portal'
import { jsonResponse, problem, stubFetch } from '@/testing/utils'
import { PortalForgotPasswordPage } from './forgot-password'
import { PortalLoginPage } from './login'
import { PortalResetPasswordPage } from './reset-password'

describe('PortalForgotPasswordPage', () => {
  it('requests a reset link and confirms without telling whether the account exists', async () => {
    const user = userEvent.setup()
    const calls = stubFetch([() => jsonResponse({ message: 'ok' }, { status: 202 })])
    renderPortalPage('/portal/forgot-password', <PortalForgotPasswordPage />)
    await user.type(screen.getByLabelText('Email'), 'grace@example.com{Enter}')
    expect(await screen.findByText(/a link to reset its password is on its way/)).toHaveTextContent(
      'If an account exists for grace@example.com, a link to reset its password is on its way.',
    )
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/portal/auth/password-reset', body: { email: 'grace@example.com' } })
  })
})

describe('PortalResetPasswordPage', () => {
  const renderReset = (url = '/portal/reset-password#token=rst-1') =>
    renderPortalPage('/portal/reset-password', <PortalResetPasswordPage />, url, { extra: [{ path: '/portal/login', element: <PortalLoginPage /> }] })

  async function submit(password: string) {
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('New password'), password)
    await user.type(screen.getByLabelText('Confirm password'), password)
    await user.click(screen.getByRole('button', { name: 'Change password' }))
  }

  it('sets the new password and sends the person to sign in with a note', async () => {
    const calls = stubFetch([() => new Response(null, { status: 204 })])
    const router = renderReset()
    await submit('a brand new secret')
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal/login'))
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/portal/auth/password-reset/confirm',
      body: { token: 'rst-1', password: 'a brand new secret' },
    })
    expect(await screen.findByText(/Your password was changed and every session signed out/)).toBeInTheDocument()
  })

  it('shows the password rule on the field', async () => {
    stubFetch([
      () =>
        jsonResponse(
          problem(422, 'validation_failed', 'The request is invalid.', { errors: { password: ['must be at least 10 characters'] } }),
          { status: 422 },
        ),
    ])
    renderReset()
    await submit('short')
    expect(await screen.findByText('Password must be at least 10 characters')).toBeInTheDocument()
    expect(screen.getByLabelText('New password')).toHaveAttribute('aria-invalid', 'true')
  })

  it('explains a used or expired link and offers a new one', async () => {
    stubFetch([() => jsonResponse(problem(401, 'invalid_link', 'This link has expired or was already used.'), { status: 401 })])
    renderReset()
    await submit('a brand new secret')
    expect(await screen.findByRole('heading', { name: 'This reset link does not work' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Request a new link' })).toHaveAttribute('href', '/portal/forgot-password')
  })
})
