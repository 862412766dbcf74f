import { fireEvent, screen, waitFor, within } from '@testing-library/react'
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

  it('asks for an expiry date when perpetual is turned off, then renews to the date typed', async () => {
    const user = userEvent.setup()
    const calls = serve((request) =>
      request.method === 'POST' && request.path === '/api/v1/admin/licenses/l-1/renew'
        ? jsonResponse({ ...license, expires_at: '2099-01-15T23:59:59Z' })
        : undefined,
    )
    renderAt('/admin/customers/:id', <CustomerDetailPage />, '/admin/customers/c-1')
    const dialog = await openEdit(user)
    const perpetual = within(dialog).getByRole('checkbox', { name: 'Never expires (perpetual)' })
    const expiry = within(dialog).getByLabelText('Expires on')
    expect(perpetual).toBeChecked()
    expect(expiry).toBeDisabled()

    await user.click(perpetual)
    expect(expiry).toBeEnabled()
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    expect(await within(dialog).findByText('Pick an expiry date, or choose Never expires.')).toBeInTheDocument()
    expect(expiry).toHaveAttribute('aria-invalid', 'true')

    fireEvent.change(expiry, { target: { value: '2099-01-15' } })
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false)
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({ body: { expires_at: '2099-01-15T23:59:59.000Z' } })
  })

  it('checks the new license before creating it, and shows a 422 error under its field', async () => {
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
        return jsonResponse(problem(422, 'validation_failed', 'Check the fields.', { errors: { max_activations: ['must be at most 1000'] } }), {
          status: 422,
        })
      }
      return undefined
    })
    renderAt('/admin/customers/:id', <CustomerDetailPage />, '/admin/customers/c-1')
    await user.click(await screen.findByRole('button', { name: 'Assign New License' }))
    const dialog = screen.getByRole('dialog', { name: 'Assign new license' })
    const product = await within(dialog).findByLabelText('Product')
    const max = within(dialog).getByLabelText(/^Max activations/)

    await user.type(max, '0')
    await user.click(within(dialog).getByRole('button', { name: 'Create and assign' }))
    expect(await within(dialog).findByText('Choose a product.')).toBeInTheDocument()
    expect(within(dialog).getByText('Enter a whole number of at least 1, or leave empty.')).toBeInTheDocument()
    expect(product).toHaveAttribute('aria-invalid', 'true')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    await user.selectOptions(product, 'Pro Editor')
    await user.clear(max)
    await user.type(max, '5000')
    await user.click(within(dialog).getByRole('button', { name: 'Create and assign' }))
    expect(await within(dialog).findByText('must be at most 1000')).toBeInTheDocument()
    expect(max).toHaveAttribute('aria-invalid', 'true')
    expect(within(dialog).queryByText('Choose a product.')).not.toBeInTheDocument()
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument()
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatchObject({ path: '/api/v1/admin/licenses', body: { product_id: 'p-1', max_activations: 5000 } })
  })

  it('refuses a transfer to the current owner, and shows a 422 email error under the field', async () => {
    const user = userEvent.setup()
    const calls = serve((request) =>
      request.method === 'POST' && request.path === '/api/v1/admin/licenses/l-1/assign'
        ? jsonResponse(problem(422, 'validation_failed', 'Check the fields.', { errors: { email: ['is not a valid email address'] } }), {
            status: 422,
          })
        : undefined,
    )
    renderAt('/admin/customers/:id', <CustomerDetailPage />, '/admin/customers/c-1')
    const dialog = await openEdit(user)
    const email = within(dialog).getByLabelText('New owner’s email')

    await user.click(within(dialog).getByRole('button', { name: 'Transfer' }))
    expect(await within(dialog).findByText('Enter the email of the new owner.')).toBeInTheDocument()
    await user.type(email, 'JOHN@example.com')
    await user.click(within(dialog).getByRole('button', { name: 'Transfer' }))
    expect(await within(dialog).findByText('The license already belongs to this email.')).toBeInTheDocument()
    expect(email).toHaveAttribute('aria-invalid', 'true')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    await user.clear(email)
    await user.type(email, 'john@@new')
    await user.click(within(dialog).getByRole('button', { name: 'Transfer' }))
    expect(await within(dialog).findByText('is not a valid email address')).toBeInTheDocument()
    expect(email).toHaveAccessibleDescription('is not a valid email address')
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({ body: { email: 'john@@new', keep_activations: false } })
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
