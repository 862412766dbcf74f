import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it } from 'vitest'
import { jsonResponse, problem, stubFetch, type RecordedRequest } from '@/testing/utils'
import type { AuditEvent } from '../lib/types'
import {
  makeActivation,
  makeCustomerDetail,
  makeLicense,
  page,
  renderAt,
  signInAs,
} from '../testing/helpers'
import { CustomerDetailPage } from './customer-detail'

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString()

const licenses = [
  makeLicense({ id: 'l-1', key: 'PRO-AAAA1-BBBB2-CCCC3-DDDD4', activations_used: 2, max_activations: 5, expires_at: null }),
  makeLicense({
    id: 'l-2',
    key: 'ENT-EEEE1-FFFF2-GGGG3-HHHH4',
    product_name: 'Enterprise',
    status: 'assigned',
    activations_used: 2,
    max_activations: null,
    expires_at: '2027-03-01T00:00:00Z',
  }),
]

const activations = [
  makeActivation({ id: 'a-1', identifier: 'DESKTOP', last_verified_at: minutesAgo(5) }),
  makeActivation({ id: 'a-2', identifier: 'OLD-LAPTOP', last_verified_at: new Date(Date.now() - 45 * 86_400_000).toISOString() }),
  makeActivation({ id: 'a-3', identifier: 'NEW-TABLET', last_verified_at: null }),
  // Kept by a transfer from the customer's old address.
  makeActivation({ id: 'a-4', identifier: 'HOME-MAC', last_verified_at: null, made_for_customer_id: 'c-old' }),
]

const events: AuditEvent[] = [
  {
    id: 'e-1',
    occurred_at: minutesAgo(10),
    actor_kind: 'admin',
    actor_id: 'ad-1',
    actor_name: 'Ada Lovelace',
    action: 'license.assigned',
    subject_type: 'license',
    subject_id: 'l-1',
    after: { key: 'PRO-AAAA1-BBBB2-CCCC3-DDDD4' },
  },
  {
    id: 'e-2',
    occurred_at: minutesAgo(5),
    actor_kind: 'license_key',
    actor_id: 'l-1',
    action: 'activation.created',
    subject_type: 'activation',
    subject_id: 'a-1',
    after: { identifier: 'DESKTOP', kind: 'device', license_id: 'l-1' },
  },
]

type Handler = (request: RecordedRequest) => Response | undefined

function serve(overrides: Handler = () => undefined) {
  return stubFetch((request) => {
    const answer = overrides(request)
    if (answer) return answer
    const { method, path } = request
    if (method === 'GET' && path === '/api/v1/admin/customers/c-1') return jsonResponse(makeCustomerDetail())
    if (method === 'GET' && path === '/api/v1/admin/customers/c-1/licenses') return jsonResponse(page(licenses, { per_page: 15 }))
    if (method === 'GET' && path === '/api/v1/admin/customers/c-1/activations') return jsonResponse(page(activations))
    if (method === 'GET' && path === '/api/v1/admin/customers/c-1/timeline') return jsonResponse(page(events))
    throw new Error(`unexpected request ${method} ${path}`)
  })
}

function renderDetail(url = '/admin/customers/c-1') {
  return renderAt('/admin/customers/:id', <CustomerDetailPage />, url)
}

beforeEach(() => signInAs('admin'))

describe('CustomerDetailPage', () => {
  it('shows the profile, the license inventory with "2 / 5", the activation history and the timeline', async () => {
    serve()
    renderDetail()

    expect(await screen.findByRole('heading', { level: 1, name: 'John Smith' }, { timeout: 5000 })).toBeInTheDocument()
    expect(screen.getByText('Not Verified')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Copy customer ID' })).toBeInTheDocument()

    const inventory = await screen.findByRole('table', { name: 'License inventory' }, { timeout: 5000 })
    const [pro, ent] = within(inventory).getAllByRole('row').slice(1)
    expect(within(pro).getByText('2 / 5')).toBeInTheDocument()
    expect(within(pro).getByText('Never')).toBeInTheDocument()
    expect(within(pro).getByText('PRO-•••••-•••••-•••••-DDDD4')).toBeInTheDocument()
    expect(within(ent).getByText('2 / Unlimited')).toBeInTheDocument()
    expect(within(ent).getByText('Mar 1, 2027')).toBeInTheDocument()
    expect(within(ent).getByText('Assigned')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: /View All in Licenses Page/ })).toHaveAttribute(
      'href',
      '/admin/licenses?customer_id=c-1',
    )

    const history = await screen.findByRole('table', { name: 'Activation history' }, { timeout: 5000 })
    expect(within(within(history).getByRole('row', { name: 'Activation DESKTOP' })).getByText('5 minutes ago')).toBeInTheDocument()
    expect(within(within(history).getByRole('row', { name: 'Activation OLD-LAPTOP' })).getByText('45 days ago')).toBeInTheDocument()
    expect(within(within(history).getByRole('row', { name: 'Activation NEW-TABLET' })).getByText('Never')).toBeInTheDocument()
    expect(within(within(history).getByRole('row', { name: 'Activation HOME-MAC' })).getByText('made for the previous owner')).toBeInTheDocument()
    expect(within(history).getAllByText('made for the previous owner')).toHaveLength(1)
    expect(screen.getByRole('link', { name: /View in Activations/ })).toHaveAttribute('href', '/admin/activations?customer_id=c-1')

    const timeline = await screen.findByRole('list', { name: 'Activity' })
    const items = within(timeline).getAllByRole('listitem')
    expect(items[0]).toHaveTextContent('License assigned')
    expect(items[0]).toHaveTextContent('by Ada Lovelace (admin)')
    expect(items[1]).toHaveTextContent('License activated')
    expect(items[1]).toHaveTextContent('by license key PRO-•••••-•••••-•••••-DDDD4')
    expect(items[1]).toHaveTextContent('Device DESKTOP')
  })

  it('shows a viewer everything but no write controls', async () => {
    signInAs('viewer')
    serve()
    renderDetail()
    await screen.findByRole('table', { name: 'License inventory' }, { timeout: 5000 })
    await screen.findByRole('table', { name: 'Activation history' }, { timeout: 5000 })
    expect(screen.queryByRole('button', { name: 'Edit name' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Change account status' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Assign New License/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /^Deactivate/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /More actions/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Reset password/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Delete customer/ })).not.toBeInTheDocument()
    // Reading is allowed: details, reveal and copy of keys, mailto.
    expect(screen.getAllByRole('button', { name: /View Details of license/ })).toHaveLength(2)
    expect(screen.getByRole('link', { name: /Send email/ })).toHaveAttribute('href', 'mailto:john@example.com')
  })

  it('lets an operator deactivate a device and transfer a license, but not edit or revoke', async () => {
    signInAs('operator')
    const user = userEvent.setup()
    const calls = serve((request) =>
      request.method === 'POST' && request.path === '/api/v1/admin/activations/a-2/deactivate'
        ? jsonResponse(makeActivation({ id: 'a-2', identifier: 'OLD-LAPTOP', status: 'inactive' }))
        : undefined,
    )
    renderDetail()
    const history = await screen.findByRole('table', { name: 'Activation history' }, { timeout: 5000 })
    await user.click(within(history).getByRole('button', { name: 'Deactivate OLD-LAPTOP' }))
    const dialog = screen.getByRole('dialog', { name: 'Deactivate OLD-LAPTOP?' })
    await user.type(within(dialog).getByLabelText(/Reason/), 'Abandoned')
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const post = calls.find((c) => c.method === 'POST')
    expect(post).toMatchObject({ path: '/api/v1/admin/activations/a-2/deactivate', body: { reason: 'Abandoned' } })

    const inventory = screen.getByRole('table', { name: 'License inventory' })
    await user.click(within(inventory).getAllByRole('button', { name: /More actions/ })[0])
    expect(screen.getByRole('menuitem', { name: 'Transfer' })).toBeInTheDocument()
    expect(screen.queryByRole('menuitem', { name: 'Revoke' })).not.toBeInTheDocument()
    expect(screen.queryByRole('menuitem', { name: 'Edit' })).not.toBeInTheDocument()
  })

  it('edits the name inline and shows validation errors on the field', async () => {
    const user = userEvent.setup()
    let patches = 0
    const calls = serve((request) => {
      if (request.method === 'GET' && request.path === '/api/v1/admin/customers/c-1' && patches > 1) {
        return jsonResponse(makeCustomerDetail({ name: 'Johnny Smith' }))
      }
      if (request.method !== 'PATCH') return undefined
      patches += 1
      return patches === 1
        ? jsonResponse(problem(422, 'validation_failed', 'Check the fields.', { errors: { name: ['is too long'] } }), { status: 422 })
        : jsonResponse(makeCustomerDetail({ name: 'Johnny Smith' }))
    })
    renderDetail()
    await user.click(await screen.findByRole('button', { name: 'Edit name' }))
    const field = screen.getByRole('textbox', { name: 'Full name' })
    expect(field).toHaveValue('John Smith')
    await user.clear(field)
    await user.type(field, 'Johnny Smith{Enter}')
    expect(await screen.findByText('is too long')).toBeInTheDocument()
    expect(field).toHaveAttribute('aria-invalid', 'true')
    expect(field).toHaveAccessibleDescription('is too long')

    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Johnny Smith' })).toBeInTheDocument()
    expect(screen.queryByRole('textbox', { name: 'Full name' })).not.toBeInTheDocument()
    const patch = calls.filter((c) => c.method === 'PATCH')
    expect(patch.at(-1)).toMatchObject({ path: '/api/v1/admin/customers/c-1', body: { name: 'Johnny Smith' } })
  })

  it('shows a not-found state with a link back for an unknown id', async () => {
    serve((request) =>
      request.path === '/api/v1/admin/customers/nope'
        ? jsonResponse(problem(404, 'not_found', 'No customer with this id.'), { status: 404 })
        : undefined,
    )
    renderDetail('/admin/customers/nope')
    expect(await screen.findByRole('heading', { name: 'Customer not found' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Back to customers' })).toHaveAttribute('href', '/admin/customers')
  })

  it('requires the customer email before deleting, then goes back to the list', async () => {
    const user = userEvent.setup()
    const calls = serve((request) =>
      request.method === 'DELETE'
        ? jsonResponse({ id: 'c-1', licenses_unassigned: 2, activations_scrubbed: 3, emails_discarded: 0 })
        : undefined,
    )
    renderDetail()
    await user.click(await screen.findByRole('button', { name: /Delete customer/ }))
    const dialog = screen.getByRole('dialog', { name: 'Delete this customer?' })
    const confirm = within(dialog).getByRole('button', { name: 'Delete customer' })
    expect(confirm).toBeDisabled()
    await user.type(within(dialog).getByRole('textbox'), 'john@example.com')
    await user.click(confirm)
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/admin\/customers$/))
    expect(calls.find((c) => c.method === 'DELETE')).toMatchObject({
      path: '/api/v1/admin/customers/c-1',
      body: { confirm: 'john@example.com' },
    })
  })
})
