import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it } from 'vitest'
import { jsonResponse, problem, stubFetch, type RecordedRequest } from '@/testing/utils'
import { CustomerDetailPage } from '../routes/customer-detail'
import { makeCustomerDetail, makeLicense, page, renderAt, signInAs } from '../testing/helpers'

const license = makeLicense({ id: 'l-1', key: 'PRO-AAAA1-BBBB2-CCCC3-DDDD4', max_activations: 2, activations_used: 1 })

function serve(extra: (request: RecordedRequest) => Response | undefined) {
  return stubFetch((request) => {
    const answer = extra(request)
    if (answer) return answer
    const { method, path } = request
    if (method === 'GET' && path === '/api/v1/admin/customers/c-1') return jsonResponse(makeCustomerDetail())
    if (method === 'GET' && path === '/api/v1/admin/customers/c-1/licenses') return jsonResponse(page([license], { per_page: 15 }))
    if (method === 'GET' && path === '/api/v1/admin/customers/c-1/activations') return jsonResponse(page([]))
    if (method === 'GET' && path === '/api/v1/admin/customers/c-1/timeline') return jsonResponse(page([]))
    throw new Error(`unexpected request ${method} ${path}`)
  })
}

async function openEdit(user: ReturnType<typeof userEvent.setup>) {
  const inventory = await screen.findByRole('table', { name: 'License inventory' }, { timeout: 5000 })
  await user.click(within(inventory).getByRole('button', { name: /More actions for license/ }))
  await user.click(screen.getByRole('menuitem', { name: 'Edit' }))
  return screen.getByRole('dialog', { name: 'Edit license' })
}

beforeEach(() => signInAs('admin'))

describe('license dialogs on the customer page', () => {
  it('saves a new activation limit and shows server validation errors under the field', async () => {
    const user = userEvent.setup()
    let patches = 0
    const calls = serve((request) => {
      if (request.method !== 'PATCH') return undefined
      patches += 1
      return patches === 1
        ? jsonResponse(problem(422, 'validation_failed', 'Check the fields.', { errors: { max_activations: ['must be at most 1000'] } }), {
            status: 422,
          })
        : jsonResponse({ ...license, max_activations: 5 })
    })
    renderAt('/admin/customers/:id', <CustomerDetailPage />, '/admin/customers/c-1')
    const dialog = await openEdit(user)
    const max = within(dialog).getByLabelText('Max activations')
    expect(max).toHaveValue(2)
    await user.clear(max)
    await user.type(max, '5000')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    expect(await within(dialog).findByText('must be at most 1000')).toBeInTheDocument()
    expect(max).toHaveAttribute('aria-invalid', 'true')

    await user.clear(max)
    await user.type(max, '5')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    // Only what changed is sent; the expiry was untouched, so no renew call.
    expect(calls.filter((c) => c.method === 'PATCH').at(-1)).toMatchObject({
      path: '/api/v1/admin/licenses/l-1',
      body: { max_activations: 5 },
    })
    expect(calls.some((c) => c.path.endsWith('/renew'))).toBe(false)
  })

  it('creates a license of the chosen product and assigns it to the customer', async () => {
    const user = userEvent.setup()
    const calls = serve((request) => {
      if (request.method === 'GET' && request.path === '/api/v1/admin/products') {
        return jsonResponse(
          page([
            { id: 'p-1', name: 'Pro Editor', slug: 'pro', status: 'active', send_license_email: false, license_count: 1, public_keys: [], max_activations: 3, validity_days: 365, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' },
          ]),
        )
      }
      if (request.method === 'POST' && request.path === '/api/v1/admin/licenses') {
        return jsonResponse(makeLicense({ id: 'l-9', key: 'NEW-11111-22222', customer_id: null, status: 'available' }), { status: 201 })
      }
      if (request.method === 'POST' && request.path === '/api/v1/admin/licenses/l-9/assign') {
        return jsonResponse(makeLicense({ id: 'l-9', key: 'NEW-11111-22222' }))
      }
      return undefined
    })
    renderAt('/admin/customers/:id', <CustomerDetailPage />, '/admin/customers/c-1')
    await user.click(await screen.findByRole('button', { name: 'Assign New License' }))
    const dialog = screen.getByRole('dialog', { name: 'Assign new license' })
    await user.selectOptions(await within(dialog).findByLabelText('Product'), 'Pro Editor')
    expect(within(dialog).getByText(/Defaults: 3 activations, valid 365 days from assignment/)).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Create and assign' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts[0]).toMatchObject({ path: '/api/v1/admin/licenses', body: { product_id: 'p-1' } })
    expect(posts[1]).toMatchObject({ path: '/api/v1/admin/licenses/l-9/assign', body: { email: 'john@example.com' } })
  })

  it('transfers a license to a new address, keeping the devices when asked', async () => {
    const user = userEvent.setup()
    const calls = serve((request) =>
      request.method === 'POST' && request.path === '/api/v1/admin/licenses/l-1/assign'
        ? jsonResponse({ ...license, customer_id: 'c-2', customer_email: 'john@new.example' })
        : undefined,
    )
    renderAt('/admin/customers/:id', <CustomerDetailPage />, '/admin/customers/c-1')
    const dialog = await openEdit(user)
    const keep = within(dialog).getByRole('checkbox', { name: 'Keep the current activations' })
    expect(keep).not.toBeChecked()
    expect(keep).toHaveAccessibleDescription(
      'Off: the current owner’s 1 device is deactivated and its slot freed. Turn on when the same person is moving to a new address: their device keeps working.',
    )
    await user.type(within(dialog).getByLabelText('New owner’s email'), 'john@new.example')
    await user.click(keep)
    await user.click(within(dialog).getByRole('button', { name: 'Transfer' }))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      path: '/api/v1/admin/licenses/l-1/assign',
      body: { email: 'john@new.example', keep_activations: true },
    })
  })
})
