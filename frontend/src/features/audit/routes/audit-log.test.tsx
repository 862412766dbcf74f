import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, withQueryClient } from '@/testing/utils'
import type { AuditEvent } from '../api/types'
import { AuditLogPage } from './audit-log'

const event: AuditEvent = {
  id: 'ev-1',
  occurred_at: '2026-11-29T10:15:00Z',
  actor_kind: 'admin',
  actor_id: 'adm-1',
  actor_name: 'admin@localhost',
  action: 'activation.deactivated',
  subject_type: 'activation',
  subject_id: 'act-1',
  before: { status: 'active', deactivation_reason: null, license_id: 'lic-1' },
  after: { status: 'inactive', deactivation_reason: 'Old laptop', license_id: 'lic-1' },
  ip_address: '203.0.113.7',
  request_id: 'req-1',
}

function stubAudit() {
  const urls: URL[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      urls.push(url)
      return jsonResponse({ data: [event], meta: { page: 1, per_page: 25, total: 1, total_pages: 1 } })
    }),
  )
  return urls
}

function renderAt(url: string) {
  const router = createMemoryRouter([{ path: '/admin/audit', element: <AuditLogPage /> }], { initialEntries: [url] })
  render(withQueryClient(<RouterProvider router={router} />))
  return router
}

const slow = { timeout: 5000 }

describe('AuditLogPage', { timeout: 20_000 }, () => {
  it('reads every filter from the URL and sends it to the API', async () => {
    setSession(sessionFromTokens(makeTokens()))
    const urls = stubAudit()
    renderAt('/admin/audit?action=activation.deactivated&actor_kind=admin&actor_id=adm-1&subject_type=activation&subject_id=act-1&since=2026-11-01&until=2026-11-30&sort=occurred_at&page=2')
    expect(await screen.findByRole('row', { name: 'View event: Activation deactivated' }, slow)).toBeInTheDocument()
    expect(Object.fromEntries(urls.at(-1)?.searchParams ?? [])).toEqual({
      page: '2',
      per_page: '25',
      sort: 'occurred_at',
      action: 'activation.deactivated',
      actor_kind: 'admin',
      actor_id: 'adm-1',
      subject_type: 'activation',
      subject_id: 'act-1',
      since: '2026-11-01T00:00:00.000Z',
      until: '2026-12-01T00:00:00.000Z',
    })
    expect(screen.getByLabelText('Action')).toHaveValue('activation.deactivated')
    expect(screen.getByLabelText('From')).toHaveValue('2026-11-01')
  })

  it('opens an event with its before/after diff and narrows the trail to its actor', async () => {
    setSession(sessionFromTokens(makeTokens()))
    const user = userEvent.setup()
    stubAudit()
    const router = renderAt('/admin/audit')
    const row = await screen.findByRole('row', { name: 'View event: Activation deactivated' }, slow)
    expect(within(row).getByText('admin@localhost')).toBeInTheDocument()
    expect(within(row).getByRole('link', { name: "Open the license's activations act-1" })).toHaveAttribute(
      'href',
      '/admin/activations?license_id=lic-1',
    )
    await user.click(within(row).getByText('activation.deactivated'))
    const dialog = screen.getByRole('dialog', { name: 'Activation deactivated' })
    const changes = within(dialog).getByRole('table', { name: 'Changed fields' })
    expect(within(changes).getByRole('row', { name: /deactivation_reason/ })).toHaveTextContent('Old laptop')
    expect(within(changes).queryByRole('row', { name: /license_id/ })).not.toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Show 1 unchanged field' }))
    expect(within(changes).getByRole('row', { name: /license_id/ })).toBeInTheDocument()

    await user.click(within(dialog).getByRole('button', { name: 'Events by this actor' }))
    await waitFor(() => expect(router.state.location.search).toBe('?actor_kind=admin&actor_id=adm-1'))
  })

  it('is refused below the admin role (the API would answer 403)', () => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role: 'operator' }) })))
    const urls = stubAudit()
    renderAt('/admin/audit')
    expect(screen.getByRole('heading', { name: 'You do not have access to this page' })).toBeInTheDocument()
    expect(urls).toHaveLength(0)
  })
})
