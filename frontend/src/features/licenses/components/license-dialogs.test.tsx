import { configure, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactElement } from 'react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AdminRole } from '@/lib/api/types'
import { sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, problem, stubFetch, withQueryClient, type RecordedRequest } from '@/testing/utils'
import type { License } from '../api/types'
import { makeLicense, ownedLicense } from '../lib/test-data'
import { AssignDialog } from './assign-dialog'
import { BulkAssignDialog } from './bulk-assign-dialog'
import { CreateLicensesDialog } from './create-licenses-dialog'
import { EditLicenseDialog } from './edit-license-dialog'
import { RenewDialog } from './renew-dialog'

// The machine running the suite may be busy: give async queries room.
configure({ asyncUtilTimeout: 5000 })
vi.setConfig({ testTimeout: 20_000 })

function signInAs(role: AdminRole) {
  setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role }) })))
}

/** Renders a dialog under a router (the create dialog links to the product page). */
function renderDialog(element: ReactElement) {
  const router = createMemoryRouter([{ path: '*', element }], { initialEntries: ['/admin/licenses'] })
  render(withQueryClient(<RouterProvider router={router} />))
}

function validationFailed(errors: Record<string, string[]>) {
  return jsonResponse(problem(422, 'validation_failed', 'Check the fields.', { errors }), { status: 422 })
}

function serve(answer: (request: RecordedRequest) => Response | undefined) {
  return stubFetch((request) => {
    const response = answer(request)
    if (response) return response
    throw new Error(`unexpected request ${request.method} ${request.path}`)
  })
}

const product = {
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
}

function catalog(request: RecordedRequest): Response | undefined {
  if (request.method === 'GET' && request.path === '/api/v1/admin/products') {
    return jsonResponse({ data: [product], meta: { page: 1, per_page: 100, total: 1, total_pages: 1 } })
  }
  if (request.method === 'GET' && request.path === '/api/v1/admin/products/prod-1/generators') {
    return jsonResponse({ data: [], meta: { page: 1, per_page: 100, total: 0, total_pages: 0 } })
  }
  return undefined
}

beforeEach(() => signInAs('admin'))

describe('Create licenses', () => {
  it('checks the fields before sending, then shows a 422 field error under its field', async () => {
    const user = userEvent.setup()
    let posts = 0
    const calls = serve((request) => {
      if (request.method === 'POST' && request.path === '/api/v1/admin/licenses') {
        posts += 1
        return posts === 1
          ? validationFailed({ key: ['is already in use'] })
          : jsonResponse(makeLicense({ id: 'new-1', key: 'MY-OWN-KEY-2' }), { status: 201 })
      }
      return catalog(request)
    })
    renderDialog(<CreateLicensesDialog open onClose={() => {}} />)
    const dialog = screen.getByRole('dialog', { name: 'Create licenses' })

    await user.click(within(dialog).getByRole('button', { name: 'Create license' }))
    expect(await within(dialog).findByText('Choose a product.')).toBeInTheDocument()
    expect(within(dialog).getByLabelText('Product')).toHaveAttribute('aria-invalid', 'true')

    await user.selectOptions(within(dialog).getByLabelText('Product'), 'Pro Editor')
    const key = within(dialog).getByLabelText('Key (optional)')
    await user.type(key, 'a b')
    await user.click(within(dialog).getByRole('button', { name: 'Create license' }))
    expect(await within(dialog).findByText('A key is 4 to 200 printable characters without spaces.')).toBeInTheDocument()
    expect(key).toHaveAttribute('aria-invalid', 'true')
    expect(within(dialog).queryByText('Choose a product.')).not.toBeInTheDocument()
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    await user.clear(key)
    await user.type(key, 'MY-OWN-KEY-1')
    await user.type(within(dialog).getByLabelText(/^Notes/), ' order 42 ')
    await user.click(within(dialog).getByRole('button', { name: 'Create license' }))
    expect(await within(dialog).findByText('Key is already in use')).toBeInTheDocument()
    expect(key).toHaveAttribute('aria-invalid', 'true')
    // Shown at its field, so not again at the top.
    expect(within(dialog).queryByText('Check the fields.')).not.toBeInTheDocument()
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      product_id: 'prod-1',
      generator_id: null,
      max_activations: null,
      expires_at: null,
      notes: 'order 42',
      key: 'MY-OWN-KEY-1',
    })

    await user.clear(key)
    await user.type(key, 'MY-OWN-KEY-2')
    await user.click(within(dialog).getByRole('button', { name: 'Create license' }))
    expect(await within(dialog).findByLabelText('Key')).toHaveValue('MY-OWN-KEY-2')
    expect(within(dialog).getByText('Created 1 license.')).toBeInTheDocument()
  })

  it('asks for a generator and a count for a batch', async () => {
    const user = userEvent.setup()
    const calls = serve(catalog)
    renderDialog(<CreateLicensesDialog open onClose={() => {}} />)
    const dialog = screen.getByRole('dialog', { name: 'Create licenses' })
    await user.click(within(dialog).getByRole('radio', { name: 'A batch from a generator' }))
    await user.selectOptions(within(dialog).getByLabelText('Product'), 'Pro Editor')
    const count = within(dialog).getByLabelText('How many')
    expect(count).toHaveValue(10)
    await user.clear(count)
    await user.type(count, '20000')
    await user.click(within(dialog).getByRole('button', { name: 'Create 20,000 licenses' }))
    expect(await within(dialog).findByText('Choose a generator.')).toBeInTheDocument()
    expect(within(dialog).getByText('Enter 1 to 10,000.')).toBeInTheDocument()
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
  })
})

describe('Edit license', () => {
  const license = ownedLicense('john@company.com', { id: 'lic-e', max_activations: 3, notes: 'Reseller', metadata: { order: 'A-1' } })

  it('refuses metadata that is not JSON, then puts a 422 error under its field and sends only what changed', async () => {
    const user = userEvent.setup()
    let patches = 0
    const calls = serve((request) => {
      if (request.method !== 'PATCH') return undefined
      patches += 1
      return patches === 1 ? validationFailed({ notes: ['must not contain control characters'] }) : jsonResponse({ ...license, notes: 'New' })
    })
    const onClose = vi.fn()
    renderDialog(<EditLicenseDialog license={license} open onClose={onClose} />)
    const dialog = screen.getByRole('dialog', { name: 'Edit license' })

    const metadata = within(dialog).getByLabelText('Metadata (JSON)')
    await user.clear(metadata)
    await user.type(metadata, '{{oops')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    expect(await within(dialog).findByText('This is not valid JSON.')).toBeInTheDocument()
    expect(metadata).toHaveAttribute('aria-invalid', 'true')
    expect(calls).toHaveLength(0)

    await user.clear(metadata)
    await user.type(metadata, '{{"order": "A-1"}')
    const notes = within(dialog).getByLabelText(/^Notes/)
    await user.clear(notes)
    await user.type(notes, 'New')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    expect(await within(dialog).findByText('Notes must not contain control characters')).toBeInTheDocument()
    expect(notes).toHaveAttribute('aria-invalid', 'true')
    expect(within(dialog).queryByText('This is not valid JSON.')).not.toBeInTheDocument()
    expect(calls[0]).toMatchObject({ method: 'PATCH', path: '/api/v1/admin/licenses/lic-e', body: { notes: 'New' } })

    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(calls).toHaveLength(2)
  })
})

describe('Renew', () => {
  const license = ownedLicense('john@company.com', { id: 'lic-r', expires_at: null, validity_days: 365 })

  it('checks the days again as they change after a try, and shows a 422 expiry error under the days', async () => {
    const user = userEvent.setup()
    const calls = serve((request) =>
      request.method === 'POST' && request.path === '/api/v1/admin/licenses/lic-r/renew'
        ? validationFailed({ expires_at: ['is too far in the future'] })
        : undefined,
    )
    renderDialog(<RenewDialog license={license} open onClose={() => {}} />)
    const dialog = screen.getByRole('dialog', { name: 'Renew or extend license' })
    const days = within(dialog).getByLabelText('Days')
    expect(days).toHaveValue(365)

    await user.clear(days)
    await user.type(days, '0')
    await user.click(within(dialog).getByRole('button', { name: 'Renew' }))
    expect(await within(dialog).findByText('Enter a number of days from 1 to 36500.')).toBeInTheDocument()
    expect(within(dialog).getByText('—')).toBeInTheDocument()
    await user.type(days, '9')
    await waitFor(() => expect(within(dialog).queryByText('Enter a number of days from 1 to 36500.')).not.toBeInTheDocument())
    expect(calls).toHaveLength(0)

    await user.click(within(dialog).getByRole('button', { name: 'Renew' }))
    expect(await within(dialog).findByText('Days is too far in the future')).toBeInTheDocument()
    expect(days).toHaveAttribute('aria-invalid', 'true')
    expect(calls[0].body).toEqual({ expires_at: expect.any(String) })
  })

  it('makes a license perpetual', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    const calls = serve((request) =>
      request.method === 'POST' ? jsonResponse({ ...license, expires_at: null }) : undefined,
    )
    renderDialog(<RenewDialog license={{ ...license, expires_at: '2027-01-01T00:00:00Z' }} open onClose={onClose} />)
    const dialog = screen.getByRole('dialog', { name: 'Renew or extend license' })
    await user.click(within(dialog).getByRole('radio', { name: 'Never expires (perpetual)' }))
    expect(within(dialog).queryByLabelText('Days')).not.toBeInTheDocument()
    expect(within(dialog).getByText('Never')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Renew' }))
    await waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(calls[0]).toMatchObject({ path: '/api/v1/admin/licenses/lic-r/renew', body: { expires_at: null } })
  })
})

describe('Assign', () => {
  const free = makeLicense({ id: 'lic-a' })

  it('checks the email, then shows a 422 email error under it', async () => {
    const user = userEvent.setup()
    const calls = serve((request) =>
      request.method === 'POST' && request.path === '/api/v1/admin/licenses/lic-a/assign'
        ? validationFailed({ email: ['is not deliverable'] })
        : undefined,
    )
    renderDialog(<AssignDialog license={free} mode="assign" open onClose={() => {}} />)
    const dialog = screen.getByRole('dialog', { name: 'Assign license' })
    const email = within(dialog).getByLabelText('Customer email')

    await user.click(within(dialog).getByRole('button', { name: 'Assign' }))
    expect(await within(dialog).findByText('Enter the customer’s email address.')).toBeInTheDocument()
    await user.type(email, 'not-an-email')
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }))
    expect(await within(dialog).findByText('Enter a valid email address.')).toBeInTheDocument()
    expect(email).toHaveAttribute('aria-invalid', 'true')
    expect(calls).toHaveLength(0)

    await user.clear(email)
    await user.type(email, ' ann@example.com ')
    await user.type(within(dialog).getByLabelText(/^Customer name/), 'Ann')
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }))
    expect(await within(dialog).findByText('Customer email is not deliverable')).toBeInTheDocument()
    expect(email).toHaveAttribute('aria-invalid', 'true')
    expect(calls[0].body).toEqual({ email: 'ann@example.com', name: 'Ann' })
  })

  it('refuses a transfer to the current owner', async () => {
    const user = userEvent.setup()
    const calls = serve(() => undefined)
    renderDialog(<AssignDialog license={ownedLicense('john@company.com', { id: 'lic-t' })} mode="transfer" open onClose={() => {}} />)
    const dialog = screen.getByRole('dialog', { name: 'Transfer license' })
    await user.type(within(dialog).getByLabelText('New owner’s email'), 'John@Company.com')
    await user.click(within(dialog).getByRole('button', { name: 'Transfer' }))
    expect(await within(dialog).findByText('The license is already assigned to this email.')).toBeInTheDocument()
    expect(calls).toHaveLength(0)
  })
})

describe('Bulk Assign', () => {
  const licenses: License[] = [makeLicense({ id: 'lic-b1' }), makeLicense({ id: 'lic-b2' })]

  it('checks the email, then shows 422 errors under the email and name', async () => {
    const user = userEvent.setup()
    const calls = serve((request) =>
      request.method === 'POST' && request.path === '/api/v1/admin/licenses/bulk-assign'
        ? validationFailed({ name: ['is too long'] })
        : undefined,
    )
    renderDialog(<BulkAssignDialog open licenses={licenses} onClose={() => {}} onAssigned={() => {}} onDeselect={() => {}} />)
    const dialog = screen.getByRole('dialog', { name: 'Bulk Assign' })
    const email = within(dialog).getByLabelText('Customer email')

    await user.type(email, 'ann@')
    await user.click(within(dialog).getByRole('button', { name: 'Assign 2 licenses' }))
    expect(await within(dialog).findByText('Enter a valid email address.')).toBeInTheDocument()
    expect(calls).toHaveLength(0)

    await user.type(email, 'example.com')
    const name = within(dialog).getByLabelText(/^Customer name/)
    await user.type(name, 'Ann')
    await user.click(within(dialog).getByRole('button', { name: 'Assign 2 licenses' }))
    expect(await within(dialog).findByText('Customer name is too long')).toBeInTheDocument()
    expect(name).toHaveAttribute('aria-invalid', 'true')
    expect(email).not.toHaveAttribute('aria-invalid')
    expect(calls[0].body).toEqual({ license_ids: ['lic-b1', 'lic-b2'], email: 'ann@example.com', name: 'Ann' })
  })
})
