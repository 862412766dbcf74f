import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { getPortalSession } from '@/lib/portal-session'
import { makePortalTokens, renderPortalPage } from '@/testing/portal'
import { jsonResponse, problem, stubFetch } from '@/testing/utils'
import { PortalMagicLinkPage } from './magic-link'

// StrictMode runs effects twice: the link must still be sent once.
const renderPage = (url = '/portal/magic-link#token=ml-1') =>
  renderPortalPage('/portal/magic-link', <PortalMagicLinkPage />, url, { strict: true })

describe('PortalMagicLinkPage', () => {
  it('uses the link once and signs in', async () => {
    const calls = stubFetch([() => jsonResponse(makePortalTokens({ access_token: 'portal-ml' }))])
    const router = renderPage()
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal'))
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/portal/auth/magic-link/consume', body: { token: 'ml-1' } })
    expect(getPortalSession()?.access_token).toBe('portal-ml')
  })

  it('asks for the 2FA code when the account has it, and sends the same link with the code', async () => {
    const user = userEvent.setup()
    const calls = stubFetch([
      () => jsonResponse(problem(401, 'totp_required', 'Enter the code from your authenticator app.'), { status: 401 }),
      () => jsonResponse(makePortalTokens()),
    ])
    const router = renderPage()
    const code = await screen.findByLabelText('Authentication code')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    await user.type(code, '12345{Enter}')
    expect(screen.getByText('The code must be the 6 digits shown in your app')).toBeInTheDocument()
    await user.type(code, '6{Enter}')
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal'))
    expect(calls.map((c) => c.body)).toEqual([{ token: 'ml-1' }, { token: 'ml-1', totp_code: '123456' }])
  })

  it('explains an expired or used link and offers a new one', async () => {
    stubFetch([() => jsonResponse(problem(401, 'invalid_link', 'This link has expired or was already used.'), { status: 401 })])
    renderPage()
    expect(await screen.findByRole('heading', { name: 'This sign-in link does not work' })).toBeInTheDocument()
    expect(screen.getByText(/expired or was already used/)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Email me a new link' })).toHaveAttribute('href', '/portal/login?mode=magic-link')
    expect(getPortalSession()).toBeNull()
  })

  it('does not call the server without a token', () => {
    const calls = stubFetch([])
    renderPage('/portal/magic-link')
    expect(screen.getByText(/The link is incomplete/)).toBeInTheDocument()
    expect(calls).toHaveLength(0)
  })
})
