import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { getPortalSession } from '@/lib/portal-session'
import { makePortalMe, makePortalTokens, renderPortalPage } from '@/testing/portal'
import { jsonResponse, problem, stubFetch } from '@/testing/utils'
import { PortalAcceptInvitationPage } from './accept-invitation'

const renderPage = (url = '/portal/accept-invitation#token=inv-123') =>
  renderPortalPage('/portal/accept-invitation', <PortalAcceptInvitationPage />, url)

async function fill(password: string, confirm = password, name = '') {
  const user = userEvent.setup()
  if (name) await user.type(screen.getByLabelText(/Your name/), name)
  await user.type(screen.getByLabelText('New password'), password)
  await user.type(screen.getByLabelText('Confirm password'), confirm)
  await user.click(screen.getByRole('button', { name: 'Set password and sign in' }))
  return user
}

describe('PortalAcceptInvitationPage', () => {
  it('sets the password and name, signs in and lands on the dashboard', async () => {
    const calls = stubFetch([() => jsonResponse(makePortalTokens({ access_token: 'portal-new', customer: makePortalMe({ name: 'Grace' }) }))])
    const router = renderPage()
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(/At least 10 characters/)
    await fill('a long enough secret', 'a long enough secret', ' Grace ')
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal'))
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/portal/auth/invitation/accept',
      body: { token: 'inv-123', password: 'a long enough secret', name: 'Grace' },
    })
    expect(getPortalSession()?.access_token).toBe('portal-new')
  })

  it('shows the server’s password rule on the password field', async () => {
    stubFetch([
      () =>
        jsonResponse(
          problem(422, 'validation_failed', 'The request is invalid.', { errors: { password: ['must be at least 12 characters'] } }),
          { status: 422 },
        ),
    ])
    renderPage()
    await fill('short one')
    expect(await screen.findByText('Password must be at least 12 characters')).toBeInTheDocument()
    expect(screen.getByLabelText('New password')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(/Password must be at least 12 characters/)
    expect(getPortalSession()).toBeNull()
  })

  it('checks the confirmation before asking the server', async () => {
    const calls = stubFetch([])
    renderPage()
    await fill('a long enough secret', 'a long enough secreT')
    expect(screen.getByText('Confirmation does not match the password')).toBeInTheDocument()
    expect(calls).toHaveLength(0)
  })

  it('explains an expired or used invitation', async () => {
    stubFetch([() => jsonResponse(problem(401, 'invalid_link', 'This link has expired or was already used.'), { status: 401 })])
    renderPage()
    await fill('a long enough secret')
    expect(await screen.findByRole('heading', { name: 'This invitation link does not work' })).toBeInTheDocument()
    expect(screen.getByText(/expired or was already used/)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toHaveAttribute('href', '/portal/login')
  })

  it('says so when the link has no token', () => {
    renderPage('/portal/accept-invitation')
    expect(screen.getByText(/The link is incomplete/)).toBeInTheDocument()
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument()
  })
})
