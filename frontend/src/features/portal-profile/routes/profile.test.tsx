import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { getPortalSession } from '@/lib/portal-session'
import { makePortalMe, renderPortalPage, signInCustomer, viewAsCustomer } from '@/testing/portal'
import { jsonResponse, problem, stubFetch, type RecordedRequest } from '@/testing/utils'
import { PortalProfilePage } from './profile'

const otpauth = 'otpauth://totp/Latchkey:grace%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Latchkey'

/** `GET /portal/me` answers `me`; everything else goes to `other`. */
function stubPortal(other: (request: RecordedRequest) => Response | undefined = () => undefined, me = makePortalMe()) {
  return stubFetch((request) => {
    if (request.method === 'GET' && request.path === '/api/v1/portal/me') return jsonResponse(me)
    return other(request) ?? jsonResponse(problem(404, 'not_found', `no stub for ${request.method} ${request.path}`), { status: 404 })
  })
}

const renderProfile = () => renderPortalPage('/portal/profile', <PortalProfilePage />)

afterEach(() => vi.restoreAllMocks())

describe('PortalProfilePage', () => {
  it('saves the name, and shows the server’s objection on the field', async () => {
    const user = userEvent.setup()
    signInCustomer()
    let attempt = 0
    const calls = stubPortal((request) => {
      if (request.method !== 'PATCH') return undefined
      attempt++
      return attempt === 1
        ? jsonResponse(problem(422, 'validation_failed', 'The request is invalid.', { errors: { name: ['must be at most 200 characters'] } }), {
            status: 422,
          })
        : jsonResponse(makePortalMe({ name: 'Grace B. Hopper' }))
    })
    renderProfile()
    const name = await screen.findByLabelText('Name')
    expect(name).toHaveValue('Grace Hopper')
    await user.clear(name)
    await user.type(name, 'Grace B. Hopper')
    await user.click(screen.getByRole('button', { name: 'Save name' }))
    expect(await screen.findByText('Name must be at most 200 characters')).toBeInTheDocument()
    expect(name).toHaveAttribute('aria-invalid', 'true')

    await user.click(screen.getByRole('button', { name: 'Save name' }))
    expect(await screen.findByText('Name saved')).toBeInTheDocument()
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => [c.path, c.body])).toEqual([
      ['/api/v1/portal/me', { name: 'Grace B. Hopper' }],
      ['/api/v1/portal/me', { name: 'Grace B. Hopper' }],
    ])
    expect(getPortalSession()?.customer?.name).toBe('Grace B. Hopper')
  })

  it('changes the password with the current one, showing "is incorrect" on that field', async () => {
    const user = userEvent.setup()
    signInCustomer()
    let attempt = 0
    const calls = stubPortal((request) => {
      if (request.path !== '/api/v1/portal/me/password') return undefined
      attempt++
      return attempt === 1
        ? jsonResponse(problem(422, 'validation_failed', 'The request is invalid.', { errors: { current_password: ['is incorrect'] } }), {
            status: 422,
          })
        : new Response(null, { status: 204 })
    })
    renderProfile()
    const form = await screen.findByRole('form', { name: 'Change password' })
    await user.type(within(form).getByLabelText('Current password'), 'wrong one')
    await user.type(within(form).getByLabelText('New password'), 'a brand new secret')
    await user.type(within(form).getByLabelText('Confirm new password'), 'a brand new secret')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    expect(await within(form).findByText('Current password is incorrect')).toBeInTheDocument()

    await user.clear(within(form).getByLabelText('Current password'))
    await user.type(within(form).getByLabelText('Current password'), 'the old secret')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    expect(await screen.findByText('Password changed. Your other sessions were signed out.')).toBeInTheDocument()
    expect(calls.filter((c) => c.method === 'POST').at(-1)!.body).toEqual({
      current_password: 'the old secret',
      new_password: 'a brand new secret',
    })
  })

  it('sets up two-factor with a QR code drawn locally, then confirms a code', async () => {
    const user = userEvent.setup()
    signInCustomer()
    const calls = stubPortal((request) => {
      if (request.path === '/api/v1/portal/me/2fa/setup') return jsonResponse({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauth_url: otpauth })
      if (request.path === '/api/v1/portal/me/2fa/enable') {
        return (request.body as { code: string }).code === '123456'
          ? jsonResponse(makePortalMe({ two_factor_enabled: true }))
          : jsonResponse(problem(422, 'validation_failed', 'The request is invalid.', { errors: { code: ['is not valid'] } }), { status: 422 })
      }
      return undefined
    })
    renderProfile()
    await user.click(await screen.findByRole('button', { name: 'Set up two-factor authentication' }))
    expect(await screen.findByRole('img', { name: /QR code/ })).toBeInTheDocument()
    expect(screen.getByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')

    await user.type(screen.getByLabelText('Authentication code'), '000000')
    await user.click(screen.getByRole('button', { name: 'Turn on two-factor' }))
    expect(await screen.findByText('The code is not valid')).toBeInTheDocument()

    await user.type(screen.getByLabelText('Authentication code'), '123456')
    await user.click(screen.getByRole('button', { name: 'Turn on two-factor' }))
    expect(await screen.findByRole('button', { name: 'Turn off two-factor…' })).toBeInTheDocument()
    // Only our own API: the QR code never leaves the browser.
    expect(calls.every((c) => c.path.startsWith('/api/v1/portal/'))).toBe(true)
  })

  it('downloads the data export as JSON and CSV', async () => {
    const user = userEvent.setup()
    signInCustomer()
    const createObjectURL = vi.fn(() => 'blob:export')
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const calls = stubPortal((request) =>
      request.path === '/api/v1/portal/me/export'
        ? new Response(request.search === 'format=csv' ? 'section,field,value\n' : '{"customer":{}}', {
            headers: {
              'Content-Type': request.search === 'format=csv' ? 'text/csv' : 'application/json',
              'Content-Disposition': `attachment; filename="customer-export.${request.search.slice(7)}"`,
            },
          })
        : undefined,
    )
    renderProfile()
    await user.click(await screen.findByRole('button', { name: 'Download JSON' }))
    expect(await screen.findByText('Downloaded customer-export.json')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Download CSV' }))
    expect(await screen.findByText('Downloaded customer-export.csv')).toBeInTheDocument()
    expect(calls.filter((c) => c.path === '/api/v1/portal/me/export').map((c) => c.search)).toEqual(['format=json', 'format=csv'])
    expect(click).toHaveBeenCalledTimes(2)
  })

  it('disables every change in a read-only view', async () => {
    viewAsCustomer()
    stubPortal(undefined, makePortalMe({ impersonated: true, read_only: true }))
    renderProfile()
    expect(await screen.findByText('This is a read-only view: nothing on this page can be changed.')).toBeInTheDocument()
    await waitFor(() => expect(screen.getByLabelText('Name')).toBeDisabled())
    expect(screen.getByRole('button', { name: 'Save name' })).toBeDisabled()
    expect(screen.getByLabelText('Current password')).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Change password' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Set up two-factor authentication' })).toBeDisabled()
    // Reading stays possible.
    expect(screen.getByRole('button', { name: 'Download JSON' })).toBeEnabled()
  })
})
