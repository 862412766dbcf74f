import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { describe, expect, it } from 'vitest'
import { getSession, sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, problem, stubFetch, withQueryClient, type RecordedRequest } from '@/testing/utils'
import { ProfilePage } from './profile'

function renderProfile() {
  setSession(sessionFromTokens(makeTokens()))
  render(withQueryClient(<MemoryRouter>{<ProfilePage />}</MemoryRouter>))
}

type Route = (request: RecordedRequest) => Response | undefined

/** Answers /me with `admin` and hands everything else to `route`. */
function server(route: Route, admin = makeAdmin()) {
  return stubFetch((request) => {
    if (request.method === 'GET' && request.path === '/api/v1/admin/me') return jsonResponse(admin)
    const answer = route(request)
    if (!answer) throw new Error(`unexpected ${request.method} ${request.path}`)
    return answer
  })
}

describe('ProfilePage', () => {
  it('shows your details', async () => {
    server(() => undefined)
    renderProfile()
    expect(screen.getByRole('heading', { level: 1, name: 'Profile' })).toBeInTheDocument()
    expect(screen.getByText('ada@example.com')).toBeInTheDocument()
    expect(screen.getByText('Super admin')).toBeInTheDocument()
  })

  it('checks the password form before sending it', async () => {
    const user = userEvent.setup()
    const calls = server(() => undefined)
    renderProfile()
    const form = screen.getByRole('form', { name: 'Change password' })
    await user.type(within(form).getByLabelText('Current password'), 'old password 1')
    await user.type(within(form).getByLabelText('New password'), 'new password 22')
    await user.type(within(form).getByLabelText('Confirm new password'), 'new password 23')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    expect(within(form).getByLabelText('Confirm new password')).toHaveAccessibleDescription('Confirmation does not match the new password')
    expect(calls.filter((c) => c.path === '/api/v1/admin/me/password')).toHaveLength(0)
  })

  it('puts the server’s field errors under their fields', async () => {
    const user = userEvent.setup()
    server((request) =>
      request.path === '/api/v1/admin/me/password'
        ? jsonResponse(problem(422, 'validation_failed', 'Some fields are invalid.', { errors: { current_password: ['is incorrect'] } }), {
            status: 422,
          })
        : undefined,
    )
    renderProfile()
    const form = screen.getByRole('form', { name: 'Change password' })
    await user.type(within(form).getByLabelText('Current password'), 'wrong one')
    await user.type(within(form).getByLabelText('New password'), 'new password 22')
    await user.type(within(form).getByLabelText('Confirm new password'), 'new password 22')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    const current = within(form).getByLabelText('Current password')
    await waitFor(() => expect(current).toHaveAccessibleDescription('Current password is incorrect'))
    expect(current).toHaveAttribute('aria-invalid', 'true')
  })

  it('changes the password and clears the form', async () => {
    const user = userEvent.setup()
    const calls = server((request) => (request.path === '/api/v1/admin/me/password' ? new Response(null, { status: 204 }) : undefined))
    renderProfile()
    const form = screen.getByRole('form', { name: 'Change password' })
    await user.type(within(form).getByLabelText('Current password'), 'old password 1')
    await user.type(within(form).getByLabelText('New password'), 'new password 22')
    await user.type(within(form).getByLabelText('Confirm new password'), 'new password 22')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    await waitFor(() => expect(within(form).getByLabelText('Current password')).toHaveValue(''))
    expect(calls.find((c) => c.path === '/api/v1/admin/me/password')?.body).toEqual({
      current_password: 'old password 1',
      new_password: 'new password 22',
    })
  })

  it('sets up two-factor with a local QR code and the secret, then confirms a code', async () => {
    const user = userEvent.setup()
    let enableAttempts = 0
    const calls = server((request) => {
      if (request.path === '/api/v1/admin/me/2fa/setup') {
        return jsonResponse({
          secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          otpauth_url: 'otpauth://totp/Latchkey:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Latchkey',
        })
      }
      if (request.path === '/api/v1/admin/me/2fa/enable') {
        enableAttempts += 1
        if (enableAttempts === 1) {
          return jsonResponse(problem(422, 'validation_failed', 'Invalid.', { errors: { code: ['is wrong or was already used'] } }), {
            status: 422,
          })
        }
        return jsonResponse(makeAdmin({ two_factor_enabled: true }))
      }
      return undefined
    })
    renderProfile()
    await user.click(screen.getByRole('button', { name: 'Set up two-factor authentication' }))
    expect(await screen.findByRole('img', { name: /QR code/ })).toBeInTheDocument()
    expect(screen.getByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')
    // Nothing but our own API was called: the QR code is drawn in the browser.
    expect(calls.every((c) => c.path.startsWith('/api/v1/admin/'))).toBe(true)

    const code = screen.getByLabelText('Authentication code')
    await user.type(code, '12345')
    await user.click(screen.getByRole('button', { name: 'Turn on two-factor' }))
    expect(code).toHaveAccessibleDescription(/The code must be the 6 digits/)

    await user.type(code, '6')
    await user.click(screen.getByRole('button', { name: 'Turn on two-factor' }))
    await waitFor(() => expect(screen.getByLabelText('Authentication code')).toHaveAccessibleDescription(/The code is wrong or was already used/))

    await user.type(screen.getByLabelText('Authentication code'), '654321')
    await user.click(screen.getByRole('button', { name: 'Turn on two-factor' }))
    expect(await screen.findByRole('button', { name: 'Turn off two-factor…' })).toBeInTheDocument()
    expect(calls.filter((c) => c.path === '/api/v1/admin/me/2fa/enable').map((c) => c.body)).toEqual([{ code: '123456' }, { code: '654321' }])
    expect(getSession()?.admin.two_factor_enabled).toBe(true)
  })

  it('turns two-factor off with a code', async () => {
    const user = userEvent.setup()
    const calls = server(
      (request) => (request.path === '/api/v1/admin/me/2fa/disable' ? jsonResponse(makeAdmin({ two_factor_enabled: false })) : undefined),
      makeAdmin({ two_factor_enabled: true }),
    )
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ two_factor_enabled: true }) })))
    render(withQueryClient(<MemoryRouter>{<ProfilePage />}</MemoryRouter>))
    await user.click(await screen.findByRole('button', { name: 'Turn off two-factor…' }))
    await user.type(screen.getByLabelText('Authentication code'), '111222')
    await user.click(screen.getByRole('button', { name: 'Turn off two-factor' }))
    expect(await screen.findByRole('button', { name: 'Set up two-factor authentication' })).toBeInTheDocument()
    expect(calls.find((c) => c.path === '/api/v1/admin/me/2fa/disable')?.body).toEqual({ code: '111222' })
  })
})
