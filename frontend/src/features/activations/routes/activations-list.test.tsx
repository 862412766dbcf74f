import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { Toaster } from '@/components/ui/toaster'
import { sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, problem, withQueryClient } from '@/testing/utils'
import type { Activation } from '../api/types'
import { ActivationsListPage } from './activations-list'

const activation: Activation = {
  id: 'act-1',
  license_id: 'lic-1',
  license_key: 'PRO-AAAAA-BBBBB-CCCCC-DDDDD',
  product_id: 'prod-1',
  product_name: 'Pro Editor',
  customer_id: 'cust-1',
  customer_email: 'john@example.com',
  identifier: 'HW-5C1F-22AB-9E07',
  kind: 'device',
  name: 'Office iMac',
  platform: 'macOS 15',
  metadata: { build: 42 },
  ip_address: '203.0.113.7',
  status: 'active',
  activated_at: '2026-01-02T09:12:00Z',
  last_verified_at: null,
  deactivated_at: null,
  deactivation_reason: null,
}

const page = (data: Activation[]) => ({ data, meta: { page: 1, per_page: 25, total: data.length, total_pages: 1 } })

interface Call {
  method: string
  url: URL
  body: unknown
}

/** Answers the API calls the page makes; records them with their query strings. */
function stubApi(overrides: { deactivate?: () => Response; rows?: Activation[] } = {}) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init)
      const text = await request.text()
      const url = new URL(request.url)
      calls.push({ method: request.method, url, body: text ? JSON.parse(text) : undefined })
      const path = url.pathname
      if (path === '/api/v1/admin/activations') return jsonResponse(page(overrides.rows ?? [activation]))
      if (path === '/api/v1/admin/products')
        return jsonResponse({
          data: [{ id: 'prod-1', name: 'Pro Editor', slug: 'pro-editor', status: 'active' }],
          meta: { page: 1, per_page: 100, total: 1, total_pages: 1 },
        })
      if (path === '/api/v1/admin/customers/cust-1') return jsonResponse({ id: 'cust-1', email: 'chip@example.com', name: 'John' })
      if (path === '/api/v1/admin/licenses/lic-1') return jsonResponse({ id: 'lic-1', key: activation.license_key })
      if (path === '/api/v1/admin/activations/act-1') return jsonResponse(activation)
      if (path === '/api/v1/admin/activations/act-1/deactivate') {
        return (
          overrides.deactivate?.() ??
          jsonResponse({ ...activation, status: 'inactive', deactivation_reason: 'Old laptop', deactivated_at: '2026-03-01T00:00:00Z' })
        )
      }
      throw new Error(`unexpected request ${request.method} ${url}`)
    }),
  )
  return calls
}

function renderAt(url: string) {
  const router = createMemoryRouter([{ path: '/admin/activations', element: <ActivationsListPage /> }], { initialEntries: [url] })
  render(
    withQueryClient(
      <>
        <RouterProvider router={router} />
        <Toaster />
      </>,
    ),
  )
  return router
}

const listCalls = (calls: Call[]) => calls.filter((c) => c.url.pathname === '/api/v1/admin/activations')
const lastListQuery = (calls: Call[]) => Object.fromEntries(listCalls(calls).at(-1)?.url.searchParams ?? [])

// The machine running the suite may be busy: give the first render time.
const slow = { timeout: 5000 }

describe('ActivationsListPage', { timeout: 20_000 }, () => {
  beforeEach(() => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role: 'operator' }) })))
  })

  it('sends the URL filters to the API and shows the license and customer filters as removable chips', async () => {
    const user = userEvent.setup()
    const calls = stubApi()
    const router = renderAt('/admin/activations?customer_id=cust-1&license_id=lic-1&stale_days=30&sort=-last_verified_at')

    expect(await screen.findByRole('row', { name: 'View activation HW-5C1F-22AB-9E07' }, slow)).toBeInTheDocument()
    expect(lastListQuery(calls)).toEqual({
      page: '1',
      per_page: '25',
      sort: '-last_verified_at',
      customer_id: 'cust-1',
      license_id: 'lic-1',
      stale_days: '30',
    })
    expect(screen.getByLabelText('Stale for')).toHaveValue('30')
    const chips = screen.getByRole('group', { name: 'Applied filters' })
    expect(await within(chips).findByText('chip@example.com')).toBeInTheDocument()
    expect(within(chips).getByText('PRO-•••••-•••••-•••••-DDDDD')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Remove customer filter' }))
    expect(router.state.location.search).toBe('?license_id=lic-1&stale_days=30&sort=-last_verified_at')
    await waitFor(() => expect(lastListQuery(calls).customer_id).toBeUndefined())
  })

  it('marks a row made for the previous owner of its license (a transfer kept it)', async () => {
    stubApi({
      rows: [
        { ...activation, id: 'act-1', identifier: 'KEPT-MAC', made_for_customer_id: 'cust-old' },
        { ...activation, id: 'act-2', identifier: 'OWN-PC', made_for_customer_id: 'cust-1' },
        { ...activation, id: 'act-3', identifier: 'OLD-PC', made_for_customer_id: null },
      ],
    })
    renderAt('/admin/activations')
    const kept = await screen.findByRole('row', { name: 'View activation KEPT-MAC' }, slow)
    expect(within(kept).getByText('made for the previous owner')).toBeInTheDocument()
    expect(within(screen.getByRole('row', { name: 'View activation OWN-PC' })).queryByText('made for the previous owner')).toBeNull()
    expect(within(screen.getByRole('row', { name: 'View activation OLD-PC' })).queryByText('made for the previous owner')).toBeNull()
  })

  it("shows each row's owner from the row itself, without fetching the customers", async () => {
    const user = userEvent.setup()
    const unowned: Activation = {
      ...activation,
      id: 'act-2',
      identifier: 'example.org',
      kind: 'domain',
      name: null,
      customer_id: null,
      customer_email: null,
    }
    const calls = stubApi({ rows: [activation, unowned] })
    renderAt('/admin/activations')

    const owned = await screen.findByRole('row', { name: 'View activation HW-5C1F-22AB-9E07' }, slow)
    expect(within(owned).getByRole('link', { name: 'john@example.com' })).toHaveAttribute('href', '/admin/customers/cust-1')
    const free = screen.getByRole('row', { name: 'View activation example.org' })
    expect(within(free).getByText('Unassigned')).toBeInTheDocument()

    await user.click(within(owned).getByText('Never'))
    const dialog = await screen.findByRole('dialog', { name: 'Office iMac' })
    expect(within(dialog).getByRole('link', { name: 'john@example.com' })).toHaveAttribute('href', '/admin/customers/cust-1')
    expect(calls.some((c) => c.url.pathname.startsWith('/api/v1/admin/customers'))).toBe(false)
  })

  it('writes status, product and staleness choices to the URL, back to page 1', async () => {
    const user = userEvent.setup()
    const calls = stubApi()
    const router = renderAt('/admin/activations?page=3')
    await screen.findByRole('row', { name: /View activation/ }, slow)

    await user.selectOptions(screen.getByLabelText('Status'), 'active')
    expect(router.state.location.search).toBe('?status=active')
    await user.selectOptions(await screen.findByLabelText('Product'), 'Pro Editor')
    await user.selectOptions(screen.getByLabelText('Stale for'), '90')
    expect(new URLSearchParams(router.state.location.search).get('stale_days')).toBe('90')
    await waitFor(() => expect(lastListQuery(calls)).toMatchObject({ status: 'active', product_id: 'prod-1', stale_days: '90', page: '1' }))

    // A custom number of days: the field appears and only valid numbers reach the URL, once
    // typing pauses, replacing the history entry (not one entry and request per keystroke).
    await user.selectOptions(screen.getByLabelText('Stale for'), 'custom')
    const days = screen.getByLabelText('Days not verified')
    const listCalls = () => calls.filter((c) => c.url.pathname === '/api/v1/admin/activations').length
    await waitFor(() => expect(lastListQuery(calls)).toMatchObject({ stale_days: '90' }))
    const before = listCalls()
    await user.clear(days)
    await user.type(days, '145')
    expect(new URLSearchParams(router.state.location.search).get('stale_days')).toBe('90')
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('stale_days')).toBe('145'))
    expect(router.state.historyAction).toBe('REPLACE')
    await waitFor(() => expect(lastListQuery(calls)).toMatchObject({ stale_days: '145' }))
    expect(listCalls() - before).toBe(1)
    await user.clear(days)
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('stale_days')).toBeNull())
    await user.type(days, '0')
    expect(days).toHaveAttribute('aria-invalid', 'true')
    expect(new URLSearchParams(router.state.location.search).get('stale_days')).toBeNull()

    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(router.state.location.search).toBe('')
    expect(screen.getByLabelText('Stale for')).toHaveValue('')
  })

  it('sorts by last verified from the header', async () => {
    const user = userEvent.setup()
    stubApi()
    const router = renderAt('/admin/activations')
    await screen.findByRole('row', { name: /View activation/ }, slow)
    await user.click(screen.getByRole('button', { name: /Last verified/ }))
    expect(router.state.location.search).toBe('?sort=last_verified_at')
    await user.click(screen.getByRole('button', { name: /Last verified/ }))
    expect(router.state.location.search).toBe('?sort=-last_verified_at')
  })

  it('deactivates with a reason and shows a refusal in the dialog', async () => {
    const user = userEvent.setup()
    let refuse = true
    const calls = stubApi({
      deactivate: () =>
        refuse
          ? jsonResponse(problem(409, 'invalid_transition', 'The activation is already inactive.'), { status: 409 })
          : jsonResponse({ ...activation, status: 'inactive', deactivation_reason: 'Old laptop' }),
    })
    renderAt('/admin/activations')
    await user.click(await screen.findByRole('button', { name: 'Deactivate HW-5C1F-22AB-9E07' }, slow))
    const dialog = screen.getByRole('dialog', { name: 'Deactivate Office iMac?' })
    await user.type(within(dialog).getByLabelText(/Reason/), 'Old laptop')
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The activation is already inactive.')

    refuse = false
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Deactivate Office iMac?' })).not.toBeInTheDocument())
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts.at(-1)?.body).toEqual({ reason: 'Old laptop' })
    expect(await screen.findByText(/Deactivated Office iMac/)).toBeInTheDocument()
  })

  it('hides Deactivate from viewers and opens the details on row click', async () => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role: 'viewer' }) })))
    const user = userEvent.setup()
    stubApi()
    renderAt('/admin/activations')
    const row = await screen.findByRole('row', { name: 'View activation HW-5C1F-22AB-9E07' }, slow)
    expect(screen.queryByRole('button', { name: /^Deactivate/ })).not.toBeInTheDocument()
    await user.click(within(row).getByText('Never'))
    const dialog = await screen.findByRole('dialog', { name: 'Office iMac' })
    expect(within(dialog).getByText(/"build": 42/)).toBeInTheDocument()
    expect(within(dialog).queryByRole('button', { name: 'Deactivate' })).not.toBeInTheDocument()
  })

  it('explains an empty stale filter and shows the problem detail when loading fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const url = new URL(input instanceof Request ? input.url : String(input))
        if (url.pathname === '/api/v1/admin/products') return jsonResponse({ data: [], meta: { page: 1, per_page: 100, total: 0, total_pages: 0 } })
        if (url.searchParams.get('stale_days')) return jsonResponse(page([]))
        return jsonResponse(problem(503, 'service_unavailable', 'The database is busy.'), { status: 503 })
      }),
    )
    const user = userEvent.setup()
    const router = renderAt('/admin/activations?stale_days=30')
    expect(await screen.findByRole('heading', { name: 'No activations match these filters' }, slow)).toBeInTheDocument()
    expect(screen.getByText(/not verified for 30\+ days/)).toBeInTheDocument()

    // The empty state's own button.
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' }).at(-1)!)
    expect(router.state.location.search).toBe('')
    const alert = await screen.findByRole('alert', {}, slow)
    expect(alert).toHaveTextContent('Could not load activations')
    expect(alert).toHaveTextContent('The database is busy.')
  })
})
