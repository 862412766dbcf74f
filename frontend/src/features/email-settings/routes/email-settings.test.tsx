import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { describe, expect, it } from 'vitest'
import type { AdminRole } from '@/lib/api/types'
import { sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, problem, stubFetch, withQueryClient, type RecordedRequest } from '@/testing/utils'
import type { EmailSettings } from '../api/types'
import { EmailSettingsPage } from './email-settings'

const SETTINGS_PATH = '/api/v1/admin/settings/email'
const TEST_PATH = '/api/v1/admin/settings/email/test'

const saved: EmailSettings = {
  source: 'database',
  host: 'smtp.example.com',
  port: 587,
  username: 'licensing@example.com',
  password_set: true,
  tls: 'starttls',
  from_address: 'licensing@example.com',
  from_name: 'Acme Licensing',
  updated_at: '2026-11-29T10:00:00Z',
}

type Route = (request: RecordedRequest) => Response | undefined

/** Answers GET with `settings`, a PUT by echoing it as saved (unless `route` answers first). */
function renderPage(settings: EmailSettings = saved, route: Route = () => undefined, role: AdminRole = 'super_admin') {
  setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role, email: 'ada@example.com' }) })))
  let current = settings
  const calls = stubFetch((request) => {
    const answer = route(request)
    if (answer) return answer
    if (request.path === SETTINGS_PATH && request.method === 'PUT') {
      const body = request.body as Record<string, unknown>
      const password_set = 'password' in body ? body.password !== null : current.password_set
      current = { ...current, ...body, source: 'database', password_set, updated_at: new Date().toISOString() } as EmailSettings
      delete (current as Record<string, unknown>).password
      return jsonResponse(current)
    }
    if (request.path === SETTINGS_PATH) return jsonResponse(current)
    throw new Error(`unexpected ${request.method} ${request.path}`)
  })
  render(withQueryClient(<MemoryRouter initialEntries={['/admin/settings/email']}>{<EmailSettingsPage />}</MemoryRouter>))
  return calls
}

const puts = (calls: RecordedRequest[]) => calls.filter((c) => c.method === 'PUT')
const slow = { timeout: 5000 }

describe('EmailSettingsPage', { timeout: 20_000 }, () => {
  it('fills the form from the settings in effect and says they are saved here', async () => {
    renderPage()
    expect(await screen.findByLabelText('Host', {}, slow)).toHaveValue('smtp.example.com')
    expect(screen.getByLabelText('Port')).toHaveValue('587')
    expect(screen.getByLabelText('Security')).toHaveValue('starttls')
    expect(screen.getByLabelText(/^Username/)).toHaveValue('licensing@example.com')
    expect(screen.getByLabelText('From name (optional)')).toHaveValue('Acme Licensing')
    expect(screen.getByText('Source: saved here')).toBeInTheDocument()
    const password = screen.getByLabelText('Password (optional)')
    expect(password).toHaveValue('')
    expect(password).toHaveAttribute('type', 'password')
    expect(password).toHaveAccessibleDescription(/Saved It is never shown/)
  })

  it('names the environment variable or the outbox folder when nothing is saved here', async () => {
    renderPage({ ...saved, source: 'environment', updated_at: null })
    expect(await screen.findByText(/Source: from the environment variable/, {}, slow)).toHaveTextContent(
      'Source: from the environment variable LATCHKEY_SMTP_URL',
    )
    // The password in the URL is not copied by a save here, so there is nothing to remove.
    expect(screen.getByLabelText('Password (optional)')).toHaveAccessibleDescription(/Set in LATCHKEY_SMTP_URL/)
    expect(screen.queryByRole('button', { name: 'Remove password' })).not.toBeInTheDocument()
  })

  it('says mails go to data/outbox when nothing is configured', async () => {
    renderPage({ source: 'none', host: null, port: null, username: null, password_set: false, tls: null, from_address: 'no-reply@localhost', from_name: 'Latchkey', updated_at: null })
    expect(await screen.findByText(/Source: not configured/, {}, slow)).toHaveTextContent('Source: not configured: mails are written to data/outbox')
    expect(screen.getByLabelText('Host')).toHaveValue('')
    expect(screen.getByLabelText('Port')).toHaveValue('587')
    expect(screen.getByLabelText('Password (optional)')).toHaveAccessibleDescription(/Not set/)
  })

  it('leaves the password out of the PUT when it was not touched, so the saved one is kept', async () => {
    const user = userEvent.setup()
    const calls = renderPage()
    const fromName = await screen.findByLabelText('From name (optional)', {}, slow)
    await user.clear(fromName)
    await user.type(fromName, 'Acme Support')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(puts(calls)).toHaveLength(1))
    expect(puts(calls)[0].body).toEqual({
      host: 'smtp.example.com',
      port: 587,
      username: 'licensing@example.com',
      tls: 'starttls',
      from_address: 'licensing@example.com',
      from_name: 'Acme Support',
    })
    expect(puts(calls)[0].body).not.toHaveProperty('password')
    expect(await screen.findByText('just now', {}, slow)).toHaveAttribute('dateTime', expect.stringMatching(/^2\d{3}-/))
    expect(screen.getByLabelText('Password (optional)')).toHaveAccessibleDescription(/Saved/)
  })

  it('sends password: null after "Remove password", and can undo it first', async () => {
    const user = userEvent.setup()
    const calls = renderPage()
    await user.click(await screen.findByRole('button', { name: 'Remove password' }, slow))
    const password = screen.getByLabelText('Password (optional)')
    expect(password).toBeDisabled()
    expect(password).toHaveAccessibleDescription(/Removed on save/)
    await user.click(screen.getByRole('button', { name: 'Keep password' }))
    expect(screen.getByLabelText('Password (optional)')).toHaveAccessibleDescription(/Saved/)

    await user.click(screen.getByRole('button', { name: 'Remove password' }))
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(puts(calls)).toHaveLength(1))
    expect(puts(calls)[0].body).toHaveProperty('password', null)
    await waitFor(() => expect(screen.getByLabelText('Password (optional)')).toHaveAccessibleDescription(/Not set/))
    expect(screen.queryByRole('button', { name: 'Remove password' })).not.toBeInTheDocument()
  })

  it('warns that clearing the username drops the saved password', async () => {
    const user = userEvent.setup()
    renderPage()
    await user.clear(await screen.findByLabelText(/^Username/, {}, slow))
    expect(screen.getByLabelText('Password (optional)')).toHaveAccessibleDescription(/Without a username the saved password is deleted/)
  })

  it('sends a typed password once and never shows it again', async () => {
    const user = userEvent.setup()
    const calls = renderPage({ ...saved, password_set: false })
    await user.type(await screen.findByLabelText('Password (optional)', {}, slow), 'app-password-1')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(puts(calls)).toHaveLength(1))
    expect(puts(calls)[0].body).toHaveProperty('password', 'app-password-1')
    await waitFor(() => expect(screen.getByLabelText('Password (optional)')).toHaveAccessibleDescription(/Saved/))
    expect(screen.getByLabelText('Password (optional)')).toHaveValue('')
    expect(document.body.innerHTML).not.toContain('app-password-1')
  })

  it('puts the server’s 422 messages under the fields they name', async () => {
    const user = userEvent.setup()
    const calls = renderPage(saved, (request) =>
      request.method === 'PUT'
        ? jsonResponse(
            problem(422, 'validation_failed', 'The request has invalid fields.', {
              errors: { host: ['is not a valid host name or IP address'], username: ['is needed with a password'] },
            }),
            { status: 422 },
          )
        : undefined,
    )
    const host = await screen.findByLabelText('Host', {}, slow)
    await user.clear(host)
    await user.type(host, 'bad host!')
    await user.clear(screen.getByLabelText(/^Username/))
    await user.type(screen.getByLabelText('Password (optional)'), 'pw')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(screen.getByLabelText('Host')).toHaveAccessibleDescription(/Host is not a valid host name or IP address/))
    expect(screen.getByLabelText('Host')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText(/^Username/)).toHaveAccessibleDescription('Username is needed with a password')
    expect(screen.getByLabelText('Port')).not.toHaveAttribute('aria-invalid')
    expect(puts(calls)[0].body).toMatchObject({ host: 'bad host!', username: null, password: 'pw' })
  })

  it('refuses a port that is not a number without asking the server', async () => {
    const user = userEvent.setup()
    const calls = renderPage()
    const port = await screen.findByLabelText('Port', {}, slow)
    await user.clear(port)
    await user.type(port, 'smtp')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(screen.getByLabelText('Port')).toHaveAccessibleDescription('Port must be a whole number from 1 to 65535')
    expect(puts(calls)).toHaveLength(0)
  })

  it('sends a test email and shows what the server said', async () => {
    const user = userEvent.setup()
    const calls = renderPage(saved, (request) =>
      request.path === TEST_PATH
        ? jsonResponse({ delivered: true, transport: 'smtp', detail: 'smtp.example.com:587 accepted the message: 250 2.0.0 Ok: queued as 4F2A1' })
        : undefined,
    )
    await user.click(await screen.findByRole('button', { name: 'Send test email' }, slow))
    const dialog = screen.getByRole('dialog', { name: 'Send test email' })
    const to = within(dialog).getByLabelText('Send to')
    expect(to).toHaveValue('ada@example.com')
    await user.clear(to)
    await user.type(to, 'me@example.com')
    await user.click(within(dialog).getByRole('button', { name: 'Send test email' }))
    // The alert, not the spinner (also a status) shown while sending.
    const result = (await within(dialog).findByText('Delivered to the mail server', {}, slow)).closest('[data-slot="alert"]')
    expect(result).toHaveTextContent('Delivered to the mail server')
    expect(result).toHaveTextContent('smtp.example.com:587 accepted the message: 250 2.0.0 Ok: queued as 4F2A1')
    expect(calls.find((c) => c.path === TEST_PATH)?.body).toEqual({ to: 'me@example.com' })
  })

  it('shows the SMTP error of a 502 in the dialog', async () => {
    const user = userEvent.setup()
    renderPage(saved, (request) =>
      request.path === TEST_PATH
        ? jsonResponse(
            problem(502, 'email_delivery_failed', 'SMTP smtp.example.com:587: Connection error: Connection refused (os error 111)'),
            { status: 502 },
          )
        : undefined,
    )
    await user.click(await screen.findByRole('button', { name: 'Send test email' }, slow))
    const dialog = screen.getByRole('dialog', { name: 'Send test email' })
    await user.click(within(dialog).getByRole('button', { name: 'Send test email' }))
    const alert = await within(dialog).findByRole('alert', {}, slow)
    expect(alert).toHaveTextContent('The mail server did not take the message')
    expect(alert).toHaveTextContent('SMTP smtp.example.com:587: Connection error: Connection refused (os error 111)')
    expect(within(dialog).queryByText('Delivered to the mail server')).not.toBeInTheDocument()
    expect(within(dialog).getByRole('button', { name: 'Send again' })).toBeEnabled()
  })

  it('puts a refused recipient under the field, and warns that unsaved changes are not tested', async () => {
    const user = userEvent.setup()
    renderPage(saved, (request) =>
      request.path === TEST_PATH
        ? jsonResponse(problem(422, 'validation_failed', 'The request has invalid fields.', { errors: { to: ['must be a valid email address'] } }), {
            status: 422,
          })
        : undefined,
    )
    await user.type(await screen.findByLabelText('From name (optional)', {}, slow), ' Team')
    await user.click(screen.getByRole('button', { name: 'Send test email' }))
    const dialog = screen.getByRole('dialog', { name: 'Send test email' })
    expect(within(dialog).getByText(/You have unsaved changes/)).toBeInTheDocument()
    await user.clear(within(dialog).getByLabelText('Send to'))
    await user.type(within(dialog).getByLabelText('Send to'), 'nobody')
    await user.click(within(dialog).getByRole('button', { name: 'Send test email' }))
    await waitFor(() => expect(within(dialog).getByLabelText('Send to')).toHaveAccessibleDescription('Address must be a valid email address'))
  })

  it('is refused below super admin, without asking the API', () => {
    const calls = renderPage(saved, () => undefined, 'admin')
    expect(screen.getByRole('heading', { name: 'You do not have access to this page' })).toBeInTheDocument()
    expect(calls).toHaveLength(0)
  })
})
