import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import { adminNav, navItemsFor } from '@/components/layout/nav-items'
import type { AdminRole } from '@/lib/api/types'
import { sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, problem, stubFetch, withQueryClient, type RecordedRequest } from '@/testing/utils'
import type { EmailDelivery } from '../api/types'
import { EmailsListPage } from './emails-list'

const MINUTE = 60_000

function mail(overrides: Partial<EmailDelivery> = {}): EmailDelivery {
  return {
    id: 'm-1',
    template: 'invitation',
    to: 'sarah@company.com',
    status: 'sent',
    attempts: 1,
    last_error: null,
    next_attempt_at: null,
    created_at: new Date(Date.now() - 6 * MINUTE).toISOString(),
    sent_at: new Date(Date.now() - 5 * MINUTE - 5_000).toISOString(),
    ...overrides,
  }
}

const list = (rows: EmailDelivery[], meta: Partial<{ page: number; total: number; total_pages: number }> = {}) =>
  jsonResponse({ data: rows, meta: { page: 1, per_page: 25, total: rows.length, total_pages: 1, ...meta } })

function renderAt(url: string, respond: (request: RecordedRequest) => Response, role: AdminRole = 'admin') {
  setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role }) })))
  const calls = stubFetch(respond)
  const router = createMemoryRouter([{ path: '/admin/emails', element: <EmailsListPage /> }], { initialEntries: [url] })
  render(withQueryClient(<RouterProvider router={router} />))
  return { calls, router }
}

const query = (call: RecordedRequest | undefined) => Object.fromEntries(new URLSearchParams(call?.search ?? ''))
const slow = { timeout: 5000 }

describe('EmailsListPage', { timeout: 20_000 }, () => {
  it('shows each delivery with its status, attempts, last error, next attempt and sent time', async () => {
    renderAt('/admin/emails', () =>
      list([
        mail({
          id: 'm-2',
          template: 'magic_link',
          to: 'john@example.com',
          status: 'pending',
          attempts: 2,
          last_error: 'SMTP smtp.example.com:587: transient error (451): 4.3.0 Try again later',
          next_attempt_at: new Date(Date.now() + 3 * MINUTE + 30_000).toISOString(),
          sent_at: null,
        }),
        mail({ id: 'm-3', template: 'password_reset', to: 'gone@example.com', status: 'failed', attempts: 8, last_error: 'gave up after 8 attempts: 550 no such user', sent_at: null }),
        mail({ id: 'm-4', template: 'password_changed', to: 'busy@example.com', status: 'sending', sent_at: null }),
        mail({
          id: 'm-5',
          template: 'license_assigned',
          to: 'late@example.com',
          status: 'pending',
          next_attempt_at: new Date(Date.now() - MINUTE).toISOString(),
          sent_at: null,
        }),
        mail(),
      ]),
    )
    const pending = await screen.findByRole('row', { name: 'Sign-in link to john@example.com' }, slow)
    expect(within(pending).getByText('Pending')).toHaveAttribute('data-status', 'pending')
    expect(within(pending).getByText('2')).toBeInTheDocument()
    expect(within(pending).getByText(/4\.3\.0 Try again later/)).toBeInTheDocument()
    expect(within(pending).getByText('in 3 minutes')).toBeInTheDocument()

    const failed = screen.getByRole('row', { name: 'Password reset to gone@example.com' })
    expect(within(failed).getByText('Failed')).toHaveAttribute('data-status', 'failed')
    expect(within(failed).getByText('gave up after 8 attempts: 550 no such user')).toBeInTheDocument()
    expect(within(failed).getByText('Not sent')).toBeInTheDocument()

    const sent = screen.getByRole('row', { name: 'Invitation to sarah@company.com' })
    expect(within(sent).getByText('Sent')).toHaveAttribute('data-status', 'sent')
    expect(within(sent).getByText('5 minutes ago').tagName).toBe('TIME')
    const sending = screen.getByRole('row', { name: 'Password changed to busy@example.com' })
    expect(within(sending).getByText('Sending')).toHaveAttribute('data-status', 'sending')
    expect(within(sending).getByText('In progress')).toBeInTheDocument()
    expect(within(screen.getByRole('row', { name: 'License added to late@example.com' })).getByText('Due now')).toBeInTheDocument()
    expect(screen.getByText('5 emails')).toBeInTheDocument()
  })

  it('reads the filters and page from the URL and sends them to the API', async () => {
    const { calls } = renderAt('/admin/emails?status=failed&template=invitation&search=%40company.com&page=2', () =>
      list([mail({ status: 'failed', sent_at: null })], { page: 2, total: 26, total_pages: 2 }),
    )
    expect(await screen.findByRole('row', { name: 'Invitation to sarah@company.com' }, slow)).toBeInTheDocument()
    expect(query(calls.at(-1))).toEqual({ page: '2', per_page: '25', status: 'failed', template: 'invitation', search: '@company.com' })
    expect(screen.getByLabelText('Status')).toHaveValue('failed')
    expect(screen.getByLabelText('Type')).toHaveValue('invitation')
    expect(screen.getByLabelText('Recipient')).toHaveValue('@company.com')
  })

  it('writes filter changes to the URL, back to page 1, and asks the API for them', async () => {
    const user = userEvent.setup()
    const { calls, router } = renderAt('/admin/emails?page=3', () => list([mail()], { page: 3, total: 60, total_pages: 3 }))
    await screen.findByRole('row', { name: 'Invitation to sarah@company.com' }, slow)

    await user.selectOptions(screen.getByLabelText('Status'), 'pending')
    expect(router.state.location.search).toBe('?status=pending')
    await user.selectOptions(screen.getByLabelText('Type'), 'two_factor_enabled')
    expect(router.state.location.search).toBe('?status=pending&template=two_factor_enabled')
    await user.type(screen.getByLabelText('Recipient'), 'sarah')
    expect(router.state.location.search).toBe('?status=pending&template=two_factor_enabled&search=sarah')
    await waitFor(() => expect(query(calls.at(-1))).toEqual({ page: '1', per_page: '25', status: 'pending', template: 'two_factor_enabled', search: 'sarah' }))
  })

  it('ignores a status the API does not know instead of failing', async () => {
    const { calls } = renderAt('/admin/emails?status=bounced', () => list([mail()]))
    await screen.findByRole('row', { name: 'Invitation to sarah@company.com' }, slow)
    expect(query(calls[0])).toEqual({ page: '1', per_page: '25' })
    expect(screen.getByLabelText('Status')).toHaveValue('')
  })

  it('pages through the list', async () => {
    const user = userEvent.setup()
    const { calls, router } = renderAt('/admin/emails', (request) => {
      const page = Number(new URLSearchParams(request.search).get('page'))
      return list([mail({ id: `m-${page}`, to: `page${page}@example.com` })], { page, total: 30, total_pages: 2 })
    })
    await screen.findByRole('row', { name: 'Invitation to page1@example.com' }, slow)
    expect(screen.getByText('Showing 1–25 of 30')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(await screen.findByRole('row', { name: 'Invitation to page2@example.com' }, slow)).toBeInTheDocument()
    expect(router.state.location.search).toBe('?page=2')
    expect(query(calls.at(-1)).page).toBe('2')
  })

  it('says when nothing matches, and clears the filters', async () => {
    const user = userEvent.setup()
    const { router } = renderAt('/admin/emails?status=failed', () => list([]))
    expect(await screen.findByRole('heading', { name: 'No emails match these filters' }, slow)).toBeInTheDocument()
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0])
    expect(router.state.location.search).toBe('')
    expect(await screen.findByRole('heading', { name: 'No emails yet' }, slow)).toBeInTheDocument()
  })

  it('shows the server’s error with a retry', async () => {
    const user = userEvent.setup()
    let fail = true
    renderAt('/admin/emails', () =>
      fail ? jsonResponse(problem(503, 'service_unavailable', 'The database is not reachable.'), { status: 503 }) : list([mail()]),
    )
    const alert = await screen.findByRole('alert', {}, slow)
    expect(alert).toHaveTextContent('Could not load emails')
    expect(alert).toHaveTextContent('The database is not reachable.')
    fail = false
    await user.click(within(alert).getByRole('button', { name: /Retry/ }))
    expect(await screen.findByRole('row', { name: 'Invitation to sarah@company.com' }, slow)).toBeInTheDocument()
  })

  it('is refused below the admin role, without asking the API', () => {
    const { calls } = renderAt('/admin/emails', () => list([mail()]), 'operator')
    expect(screen.getByRole('heading', { name: 'You do not have access to this page' })).toBeInTheDocument()
    expect(calls).toHaveLength(0)
  })

  it('does not link an admin to the email settings, which are for super admins', async () => {
    renderAt('/admin/emails', () => list([mail()]), 'admin')
    await screen.findByRole('row', { name: 'Invitation to sarah@company.com' }, slow)
    expect(screen.queryByRole('link', { name: 'Email settings' })).not.toBeInTheDocument()
  })

  it('shows the link to the settings to a super admin', async () => {
    renderAt('/admin/emails', () => list([mail()]), 'super_admin')
    expect(await screen.findByRole('link', { name: 'Email settings' }, slow)).toHaveAttribute('href', '/admin/settings/email')
  })
})

describe('navigation', () => {
  it('shows Emails from the admin role and Email settings to super admins only', () => {
    const labels = (role: AdminRole) => navItemsFor(role).map((item) => item.label)
    expect(labels('operator')).not.toContain('Emails')
    expect(labels('admin')).toContain('Emails')
    expect(labels('admin')).not.toContain('Email settings')
    expect(labels('super_admin')).toEqual(expect.arrayContaining(['Emails', 'Email settings']))
    expect(adminNav.find((item) => item.label === 'Email settings')?.to).toBe('/admin/settings/email')
  })
})
