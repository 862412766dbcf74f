import { QueryClientProvider } from '@tanstack/react-query'
import { configure, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { Toaster } from '@/components/ui/toaster'
import type { AdminRole } from '@/lib/api/types'
import { maskKey } from '@/lib/mask'
import { sessionFromTokens, setSession } from '@/lib/session'
import { createTestQueryClient, jsonResponse, makeAdmin, makeTokens, problem } from '@/testing/utils'
import type { License } from '../api/types'
import { makeLicense, ownedLicense } from '../lib/test-data'
import { LicensesListPage } from './licenses-list'

// The machine running the suite may be busy: give async queries room.
configure({ asyncUtilTimeout: 5000 })

interface Call {
  method: string
  url: URL
  contentType: string | null
  text: string
}

type Handler = (call: Call) => Response | undefined

/** Stubs fetch with a router: the first handler that answers wins; unknown requests fail the test. */
function stubApi(...handlers: Handler[]): Call[] {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init)
      const call: Call = {
        method: request.method,
        url: new URL(request.url),
        contentType: request.headers.get('Content-Type'),
        text: await request.text(),
      }
      calls.push(call)
      for (const handler of handlers) {
        const response = handler(call)
        if (response) return response
      }
      throw new Error(`unexpected request ${call.method} ${call.url.pathname}${call.url.search}`)
    }),
  )
  return calls
}

const on =
  (method: string, path: string, answer: (call: Call) => Response): Handler =>
  (call) =>
    call.method === method && call.url.pathname === path ? answer(call) : undefined

function listPage(data: License[]) {
  return { data, meta: { page: 1, per_page: 25, total: data.length, total_pages: 1 } }
}

const products = on('GET', '/api/v1/admin/products', () =>
  jsonResponse({
    data: [
      {
        id: 'prod-1',
        name: 'Pro Editor',
        slug: 'pro-editor',
        status: 'active',
        send_license_email: false,
        license_count: 3,
        public_keys: [],
        max_activations: 3,
        validity_days: null,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      },
    ],
    meta: { page: 1, per_page: 100, total: 1, total_pages: 1 },
  }),
)

function Location() {
  const location = useLocation()
  return <output data-testid="location">{location.pathname + location.search}</output>
}

function renderPage(url = '/admin/licenses') {
  const router = createMemoryRouter(
    [
      {
        path: '/admin/licenses',
        element: (
          <>
            <LicensesListPage />
            <Location />
          </>
        ),
      },
      { path: '*', element: <Location /> },
    ],
    { initialEntries: [url] },
  )
  render(
    <QueryClientProvider client={createTestQueryClient()}>
      <RouterProvider router={router} />
      <Toaster />
    </QueryClientProvider>,
  )
  return router
}

function signInAs(role: AdminRole) {
  setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role }) })))
}

const location = () => screen.getByTestId('location').textContent ?? ''

const free1 = makeLicense({ id: 'free-1', key: 'PRO-FREE-AAAA-0001', notes: 'order 77' })
const free2 = makeLicense({ id: 'free-2', key: 'PRO-FREE-AAAA-0002' })
const owned = ownedLicense('john@company.com', {
  id: 'owned-1',
  key: 'PRO-JOHN-AAAA-0003',
  status: 'active',
  activations_used: 2,
  max_activations: 5,
  expires_at: '2027-01-26T10:00:00Z',
})
const unlimited = ownedLicense('sarah@acme.com', { id: 'owned-2', key: 'PRO-SARA-AAAA-0004', max_activations: null, activations_used: 1 })

beforeEach(() => signInAs('admin'))

describe('LicensesListPage', { timeout: 20_000 }, () => {
  it('lists licenses with owner, status, activations and expiry', async () => {
    const calls = stubApi(products, on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([free1, owned, unlimited]))))
    renderPage()

    const row = await screen.findByRole('row', { name: `View license ${maskKey(owned.key)}` })
    expect(within(row).getByRole('link', { name: 'john@company.com' })).toHaveAttribute('href', '/admin/customers/cust-john@company.com')
    expect(within(row).getByText('Active')).toBeInTheDocument()
    expect(within(row).getByText('2 / 5')).toBeInTheDocument()
    expect(within(row).getByText('Jan 26, 2027')).toBeInTheDocument()

    const freeRow = screen.getByRole('row', { name: `View license ${maskKey(free1.key)}` })
    expect(within(freeRow).getByText('Unassigned')).toBeInTheDocument()
    expect(within(freeRow).getByText('Available')).toBeInTheDocument()
    expect(within(freeRow).getByText('Never')).toBeInTheDocument()
    expect(within(screen.getByRole('row', { name: `View license ${maskKey(unlimited.key)}` })).getByText('1 / Unlimited')).toBeInTheDocument()

    const list = calls.find((c) => c.url.pathname === '/api/v1/admin/licenses')
    expect(list?.url.searchParams.get('sort')).toBe('-created_at')
    expect(screen.getByRole('button', { name: 'Create licenses' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Import CSV' })).toBeInTheDocument()
  })

  it('keeps the filters in the URL and sends them to the API', async () => {
    const user = userEvent.setup()
    const calls = stubApi(products, on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([free1, free2]))))
    renderPage()
    await screen.findByRole('row', { name: `View license ${maskKey(free1.key)}` })

    await user.selectOptions(screen.getByLabelText('Status'), 'available')
    expect(location()).toBe('/admin/licenses?status=available')
    await user.selectOptions(await screen.findByLabelText('Product'), 'Pro Editor')
    expect(location()).toBe('/admin/licenses?status=available&product_id=prod-1')
    await user.type(screen.getByLabelText('Expires from'), '2026-01-01')

    await waitFor(() => {
      const last = calls.filter((c) => c.url.pathname === '/api/v1/admin/licenses').at(-1)
      expect(last?.url.searchParams.get('status')).toBe('available')
      expect(last?.url.searchParams.get('product_id')).toBe('prod-1')
      expect(last?.url.searchParams.get('expires_after')).toBe('2026-01-01T00:00:00.000Z')
    })

    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0])
    expect(location()).toBe('/admin/licenses')
  })

  it('shows the customer filter as a removable chip with the email', async () => {
    const user = userEvent.setup()
    const calls = stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([owned]))),
      on('GET', '/api/v1/admin/customers/cust-1', () =>
        jsonResponse({ id: 'cust-1', email: 'john@company.com', name: 'John Smith', status: 'active' }),
      ),
    )
    renderPage('/admin/licenses?customer_id=cust-1')
    expect(await screen.findByRole('link', { name: 'john@company.com', hidden: false })).toHaveAttribute('href', '/admin/customers/cust-1')
    expect(calls.find((c) => c.url.pathname === '/api/v1/admin/licenses')?.url.searchParams.get('customer_id')).toBe('cust-1')
    await user.click(screen.getByRole('button', { name: 'Remove customer filter john@company.com' }))
    expect(location()).toBe('/admin/licenses')
  })

  it('picks a customer for the filter by typing part of the email (one debounced search)', async () => {
    const user = userEvent.setup()
    const calls = stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([owned]))),
      on('GET', '/api/v1/admin/customers', () =>
        jsonResponse({
          data: [
            { id: 'cust-1', email: 'john@company.com', name: 'John Smith', status: 'active', license_count: 1, created_at: '2026-01-01T00:00:00Z' },
            { id: 'cust-2', email: 'johanna@company.com', name: null, status: 'active', license_count: 0, created_at: '2026-01-01T00:00:00Z' },
          ],
          meta: { page: 1, per_page: 8, total: 2, total_pages: 1 },
        }),
      ),
      on('GET', '/api/v1/admin/customers/cust-2', () =>
        jsonResponse({ id: 'cust-2', email: 'johanna@company.com', name: null, status: 'active' }),
      ),
    )
    renderPage()
    await screen.findByRole('row', { name: `View license ${maskKey(owned.key)}` })

    const picker = screen.getByRole('combobox', { name: 'Customer' })
    await user.type(picker, 'joh')
    const option = await screen.findByRole('option', { name: /johanna@company\.com/ })
    const searches = calls.filter((c) => c.url.pathname === '/api/v1/admin/customers')
    expect(searches).toHaveLength(1)
    expect(Object.fromEntries(searches[0].url.searchParams)).toEqual({ search: 'joh', per_page: '8' })

    await user.keyboard('{ArrowDown}{ArrowDown}')
    expect(picker).toHaveAttribute('aria-activedescendant', option.id)
    await user.keyboard('{Enter}')
    expect(location()).toBe('/admin/licenses?customer_id=cust-2')
    expect(picker).toHaveValue('')
    expect(await screen.findByRole('button', { name: 'Remove customer filter johanna@company.com' })).toBeInTheDocument()
    await waitFor(() =>
      expect(calls.filter((c) => c.url.pathname === '/api/v1/admin/licenses').at(-1)?.url.searchParams.get('customer_id')).toBe('cust-2'),
    )
  })

  it('selects rows (with an indeterminate select-all) and bulk assigns them', async () => {
    const user = userEvent.setup()
    const calls = stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([free1, free2, owned]))),
      on('POST', '/api/v1/admin/licenses/bulk-assign', () =>
        jsonResponse({ assigned: 2, customer_id: 'cust-j', licenses: [] }),
      ),
    )
    renderPage()
    const all = await screen.findByRole('checkbox', { name: 'Select all licenses on this page' })
    const bulk = screen.getByRole('button', { name: 'Bulk Assign' })
    expect(bulk).toBeDisabled()

    await user.click(screen.getByRole('checkbox', { name: `Select license ${maskKey(free1.key)}` }))
    expect((all as HTMLInputElement).indeterminate).toBe(true)
    await user.click(screen.getByRole('checkbox', { name: `Select license ${maskKey(free2.key)}` }))
    expect(screen.getByText('2 licenses selected')).toBeInTheDocument()

    await user.click(bulk)
    const dialog = screen.getByRole('dialog', { name: 'Bulk Assign' })
    expect(within(dialog).getAllByRole('listitem')).toHaveLength(2)
    await user.type(within(dialog).getByLabelText('Customer email'), 'john@company.com')

    // Nothing moves from another owner: nothing to keep.
    expect(within(dialog).queryByRole('checkbox', { name: 'Keep the current activations' })).not.toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Assign 2 licenses' }))

    await screen.findByText('Assigned 2 licenses to john@company.com')
    const post = calls.find((c) => c.url.pathname.endsWith('/bulk-assign'))
    expect(JSON.parse(post?.text ?? '{}')).toEqual({ license_ids: ['free-1', 'free-2'], email: 'john@company.com', name: null })
    expect(screen.getByText('Select licenses to assign them in bulk.')).toBeInTheDocument()
  })

  it('bulk assigns licenses of other owners, keeping their activations when asked', async () => {
    const user = userEvent.setup()
    const calls = stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([free1, owned, unlimited]))),
      on('POST', '/api/v1/admin/licenses/bulk-assign', () => jsonResponse({ assigned: 3, customer_id: 'cust-n', licenses: [] })),
    )
    renderPage()
    await user.click(await screen.findByRole('checkbox', { name: 'Select all licenses on this page' }))
    await user.click(screen.getByRole('button', { name: 'Bulk Assign' }))
    const dialog = screen.getByRole('dialog', { name: 'Bulk Assign' })
    await user.type(within(dialog).getByLabelText('Customer email'), 'john@new.com')
    const keep = within(dialog).getByRole('checkbox', { name: 'Keep the current activations' })
    expect(keep).not.toBeChecked()
    // John's 2 devices and Sarah's 1.
    expect(keep).toHaveAccessibleDescription(expect.stringContaining('Off: the current owners’ 3 devices are deactivated and their slots freed.'))
    await user.click(keep)
    await user.click(within(dialog).getByRole('button', { name: 'Assign 3 licenses' }))
    await screen.findByText('Assigned 3 licenses to john@new.com')
    const post = calls.find((c) => c.url.pathname.endsWith('/bulk-assign'))
    expect(JSON.parse(post?.text ?? '{}')).toEqual({
      license_ids: ['free-1', 'owned-1', 'owned-2'],
      email: 'john@new.com',
      name: null,
      keep_activations: true,
    })
  })

  it('shows the license a refused bulk assign names, and assigns nothing', async () => {
    const user = userEvent.setup()
    stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([free1, free2]))),
      on('POST', '/api/v1/admin/licenses/bulk-assign', () =>
        jsonResponse(
          problem(409, 'invalid_transition', `License 2 (${free2.key}): The product is inactive. Nothing was assigned.`),
          { status: 409 },
        ),
      ),
    )
    renderPage()
    await user.click(await screen.findByRole('checkbox', { name: 'Select all licenses on this page' }))
    await user.click(screen.getByRole('button', { name: 'Bulk Assign' }))
    const dialog = screen.getByRole('dialog', { name: 'Bulk Assign' })
    await user.type(within(dialog).getByLabelText('Customer email'), 'john@company.com')
    await user.click(within(dialog).getByRole('button', { name: 'Assign 2 licenses' }))
    const messages = await within(dialog).findAllByText(/Nothing was assigned/)
    expect(messages.length).toBeGreaterThanOrEqual(2)
    expect(within(dialog).getAllByRole('listitem')[1]).toHaveTextContent('Nothing was assigned')
  })

  it('transfers a license from the row menu', async () => {
    const user = userEvent.setup()
    const calls = stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([owned]))),
      on('POST', `/api/v1/admin/licenses/${owned.id}/assign`, () =>
        jsonResponse({ ...owned, customer_email: 'new@email.com', customer_id: 'cust-new' }),
      ),
      on('GET', `/api/v1/admin/licenses/${owned.id}`, () => jsonResponse(owned)),
    )
    renderPage()
    await user.click(await screen.findByRole('button', { name: `Actions for license ${maskKey(owned.key)}` }))
    await user.click(screen.getByRole('menuitem', { name: 'Transfer' }))
    const dialog = screen.getByRole('dialog', { name: 'Transfer license' })
    expect(dialog).toHaveTextContent('Currently assigned to john@company.com')
    // Off by default, with what that means for the current owner's 2 devices.
    const keep = within(dialog).getByRole('checkbox', { name: 'Keep the current activations' })
    expect(keep).not.toBeChecked()
    expect(keep).toHaveAccessibleDescription(
      'Off: the current owner’s 2 devices are deactivated and their slots freed. Turn on when the same person is moving to a new address: their devices keep working.',
    )
    await user.type(within(dialog).getByLabelText('New owner’s email'), 'new@email.com')
    await user.click(within(dialog).getByRole('button', { name: 'Transfer' }))
    await screen.findByText('License transferred to new@email.com')
    const post = calls.find((c) => c.method === 'POST' && c.url.pathname.endsWith('/assign'))
    expect(JSON.parse(post?.text ?? '{}')).toEqual({ email: 'new@email.com', name: null, keep_activations: false })
  })

  it('keeps the activations on a transfer when asked (the same person, a new address)', async () => {
    const user = userEvent.setup()
    const calls = stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([owned]))),
      on('POST', `/api/v1/admin/licenses/${owned.id}/assign`, () => jsonResponse({ ...owned, customer_email: 'john@new.com' })),
      on('GET', `/api/v1/admin/licenses/${owned.id}`, () => jsonResponse(owned)),
    )
    renderPage()
    await user.click(await screen.findByRole('button', { name: `Actions for license ${maskKey(owned.key)}` }))
    await user.click(screen.getByRole('menuitem', { name: 'Transfer' }))
    const dialog = screen.getByRole('dialog', { name: 'Transfer license' })
    await user.type(within(dialog).getByLabelText('New owner’s email'), 'john@new.com')
    await user.click(within(dialog).getByRole('checkbox', { name: 'Keep the current activations' }))
    await user.click(within(dialog).getByRole('button', { name: 'Transfer' }))
    await screen.findByText('License transferred to john@new.com')
    const post = calls.find((c) => c.method === 'POST' && c.url.pathname.endsWith('/assign'))
    expect(JSON.parse(post?.text ?? '{}')).toEqual({ email: 'john@new.com', name: null, keep_activations: true })
  })

  it('offers to keep activations only when the license belongs to someone', async () => {
    const user = userEvent.setup()
    stubApi(products, on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([free1]))))
    renderPage()
    await user.click(await screen.findByRole('button', { name: `Actions for license ${maskKey(free1.key)}` }))
    await user.click(screen.getByRole('menuitem', { name: 'Assign' }))
    const dialog = screen.getByRole('dialog', { name: 'Assign license' })
    expect(within(dialog).queryByRole('checkbox', { name: 'Keep the current activations' })).not.toBeInTheDocument()
  })

  it('suspends with a reason and shows the problem detail when refused', async () => {
    const user = userEvent.setup()
    stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([owned]))),
      on('POST', `/api/v1/admin/licenses/${owned.id}/suspend`, () =>
        jsonResponse(problem(409, 'invalid_transition', 'The license is already suspended.'), { status: 409 }),
      ),
    )
    renderPage()
    await user.click(await screen.findByRole('button', { name: `Actions for license ${maskKey(owned.key)}` }))
    await user.click(screen.getByRole('menuitem', { name: 'Suspend' }))
    const dialog = screen.getByRole('dialog', { name: 'Suspend license?' })
    await user.type(within(dialog).getByLabelText(/Reason/), 'Chargeback')
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The license is already suspended.')
  })

  it('opens the detail view from a row, with links to the customer and activations', async () => {
    const user = userEvent.setup()
    stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([owned]))),
      on('GET', `/api/v1/admin/licenses/${owned.id}`, () => jsonResponse({ ...owned, notes: 'Bought via reseller' })),
    )
    renderPage()
    await user.click(await screen.findByText('2 / 5'))
    expect(location()).toBe(`/admin/licenses?license=${owned.id}`)
    const dialog = await screen.findByRole('dialog', { name: 'License details' })
    expect(await within(dialog).findByText('Bought via reseller')).toBeInTheDocument()
    expect(within(dialog).getByRole('link', { name: 'View activations' })).toHaveAttribute(
      'href',
      `/admin/activations?license_id=${owned.id}`,
    )
    expect(within(dialog).getByRole('link', { name: 'View customer' })).toHaveAttribute('href', `/admin/customers/${owned.customer_id}`)
    expect(within(dialog).getByRole('button', { name: 'Revoke' })).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Close' }))
    expect(location()).toBe('/admin/licenses')
  })

  it('hides every write action from a viewer', async () => {
    signInAs('viewer')
    stubApi(products, on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([owned]))))
    const user = userEvent.setup()
    renderPage()
    await screen.findByRole('row', { name: `View license ${maskKey(owned.key)}` })
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Bulk Assign' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Create licenses' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Import CSV' })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: `Actions for license ${maskKey(owned.key)}` }))
    expect(screen.getAllByRole('menuitem').map((m) => m.textContent)).toEqual(['View details'])
  })

  it('shows the empty state with Clear filters, and the error state with the problem detail', async () => {
    const user = userEvent.setup()
    let fail = false
    stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () =>
        fail ? jsonResponse(problem(503, 'service_unavailable', 'The database is unavailable.'), { status: 503 }) : jsonResponse(listPage([])),
      ),
    )
    renderPage('/admin/licenses?status=revoked')
    expect(await screen.findByRole('heading', { name: 'No licenses match these filters' })).toBeInTheDocument()
    fail = true
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' }).at(-1)!)
    expect(await screen.findByText('The database is unavailable.')).toBeInTheDocument()
  })
})

describe('a refused filter', () => {
  it('says which field was refused and why, not only that a value was invalid', async () => {
    const why = "more than 10000 customers' names or emails contain this text, too many to combine with the status suspended or revoked"
    stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () =>
        jsonResponse(problem(422, 'validation_failed', 'Invalid value for: search.', { errors: { search: [why] } }), { status: 422 }),
      ),
    )
    renderPage('/admin/licenses?search=smith&status=suspended')
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load licenses')
    expect(alert).toHaveTextContent(`search: ${why}`)
  })
})

describe('Import CSV', { timeout: 20_000 }, () => {
  it('checks the CSV with the server (dry run), shows its report by line, then imports for real', async () => {
    const user = userEvent.setup()
    const csv = 'key,product,email,name,expires_at,max_activations\nK-1111,pro-editor,a@x.com,,,\n,pro-editor,bad-email,,,\n'
    const calls = stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([]))),
      on('POST', '/api/v1/admin/licenses/import', (call) => {
        const dryRun = call.url.searchParams.get('dry_run') === 'true'
        return jsonResponse({
          dry_run: dryRun,
          rows: 2,
          created: 1,
          duplicates: [],
          failed: [{ line: 3, errors: { email: ['must be a valid email address'] } }],
        })
      }),
    )
    renderPage()
    await user.click(await screen.findByRole('button', { name: 'Import CSV' }))
    const dialog = screen.getByRole('dialog', { name: 'Import licenses from CSV' })
    await user.click(within(dialog).getByRole('radio', { name: 'Paste CSV' }))
    await user.click(within(dialog).getByLabelText('CSV text'))
    await user.paste(csv)
    await user.click(within(dialog).getByRole('button', { name: 'Check file' }))

    const results = await within(dialog).findByRole('table', { name: 'Dry run results' })
    expect(within(dialog).getByText('2 rows checked: 1 ready to import, 1 row with errors.')).toBeInTheDocument()
    // The server's report, by line: only the line it would skip.
    const rows = within(results).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toHaveTextContent('3')
    expect(rows[0]).toHaveTextContent('Error')
    expect(rows[0]).toHaveTextContent('email must be a valid email address')
    // Only the dry run so far.
    expect(calls.filter((c) => c.url.pathname.endsWith('/import'))).toHaveLength(1)

    const check = calls.find((c) => c.url.pathname.endsWith('/import'))
    expect(check?.url.searchParams.get('dry_run')).toBe('true')
    expect(check?.contentType).toBe('text/csv')
    expect(check?.text).toBe(csv)

    await user.click(within(dialog).getByRole('button', { name: 'Import 1 license' }))
    expect(await within(dialog).findByText('Imported 1 license. Skipped 1 row with errors.')).toBeInTheDocument()
    const real = calls.filter((c) => c.url.pathname.endsWith('/import')).at(-1)
    expect(real?.url.searchParams.get('dry_run')).toBe('false')
    expect(real?.text).toBe(csv)
    expect(within(dialog).getByRole('table', { name: 'Import results' })).toHaveTextContent('Skipped: error')
  })

  it('sends a chosen file, and shows no table when nothing is skipped', async () => {
    const user = userEvent.setup()
    const csv = 'key,product,email,name,expires_at,max_activations\nK-1111,pro-editor,a@x.com,,,\n'
    const calls = stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([]))),
      on('POST', '/api/v1/admin/licenses/import', (call) =>
        jsonResponse({ dry_run: call.url.searchParams.get('dry_run') === 'true', rows: 1, created: 1, duplicates: [], failed: [] }),
      ),
    )
    renderPage()
    await user.click(await screen.findByRole('button', { name: 'Import CSV' }))
    const dialog = screen.getByRole('dialog', { name: 'Import licenses from CSV' })
    await user.upload(within(dialog).getByLabelText('CSV file'), new File([csv], 'licenses.csv', { type: 'text/csv' }))
    await user.click(within(dialog).getByRole('button', { name: 'Check file' }))
    expect(await within(dialog).findByText('1 row checked: 1 ready to import.')).toBeInTheDocument()
    expect(within(dialog).queryByRole('table', { name: 'Dry run results' })).not.toBeInTheDocument()
    const check = calls.find((c) => c.url.pathname.endsWith('/import'))
    expect(check?.url.searchParams.get('dry_run')).toBe('true')
    // (jsdom's File does not survive into the stubbed Request's body; a browser sends it as it is.)
    expect(check?.contentType).toBe('text/csv')
    await user.click(within(dialog).getByRole('button', { name: 'Import 1 license' }))
    expect(await within(dialog).findByText('Imported 1 license.')).toBeInTheDocument()
    expect(calls.filter((c) => c.url.pathname.endsWith('/import')).at(-1)?.url.searchParams.get('dry_run')).toBe('false')
  })

  it('shows a refused header under the input', async () => {
    const user = userEvent.setup()
    stubApi(
      products,
      on('GET', '/api/v1/admin/licenses', () => jsonResponse(listPage([]))),
      on('POST', '/api/v1/admin/licenses/import', () =>
        jsonResponse(
          problem(422, 'validation_failed', 'The request has invalid fields.', {
            errors: { file: ['the header must be `key,product,email,name,expires_at,max_activations`, not `a,b`'] },
          }),
          { status: 422 },
        ),
      ),
    )
    renderPage()
    await user.click(await screen.findByRole('button', { name: 'Import CSV' }))
    const dialog = screen.getByRole('dialog', { name: 'Import licenses from CSV' })
    await user.click(within(dialog).getByRole('radio', { name: 'Paste CSV' }))
    await user.click(within(dialog).getByLabelText('CSV text'))
    await user.paste('a,b\n1,2\n')
    await user.click(within(dialog).getByRole('button', { name: 'Check file' }))
    expect(await within(dialog).findByText(/the header must be/)).toBeInTheDocument()
    expect(within(dialog).getByLabelText('CSV text')).toHaveAttribute('aria-invalid', 'true')
  })
})
