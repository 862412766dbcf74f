import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { describe, expect, it } from 'vitest'
import { sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, problem, stubFetch, withQueryClient, type RecordedRequest } from '@/testing/utils'
import { AdminsListPage } from './admins-list'

const me = makeAdmin()
const sam = makeAdmin({ id: 'sam-1', email: 'sam@example.com', name: 'Sam Support', role: 'operator', two_factor_enabled: true, last_login_at: null })
const list = (admins = [me, sam]) => jsonResponse({ data: admins, meta: { page: 1, per_page: 25, total: admins.length, total_pages: 1 } })

function renderPage(route: (request: RecordedRequest) => Response | undefined = () => undefined) {
  setSession(sessionFromTokens(makeTokens({ admin: me })))
  const calls = stubFetch((request) => route(request) ?? list())
  render(withQueryClient(<MemoryRouter initialEntries={['/admin/admins']}>{<AdminsListPage />}</MemoryRouter>))
  return calls
}

describe('AdminsListPage', () => {
  it('lists admins with role, status, 2FA and last sign-in; you cannot delete yourself', async () => {
    const user = userEvent.setup()
    renderPage()
    const row = (await screen.findByText('Sam Support')).closest('tr')!
    expect(within(row).getByText('sam@example.com')).toBeInTheDocument()
    expect(within(row).getByText('Operator')).toBeInTheDocument()
    expect(within(row).getByText('Active')).toBeInTheDocument()
    expect(within(row).getByText('On')).toBeInTheDocument()
    expect(within(row).getByText('Never')).toBeInTheDocument()

    const myRow = screen.getByText('You').closest('tr')!
    await user.click(within(myRow).getByRole('button', { name: `Actions for ${me.email}` }))
    expect(screen.getByRole('menuitem', { name: /Delete/ })).toBeDisabled()
  })

  it('creates an admin with a generated password and shows it once', async () => {
    const user = userEvent.setup()
    const calls = renderPage((request) =>
      request.method === 'POST'
        ? jsonResponse({ admin: makeAdmin({ id: 'new', email: 'new@example.com', role: 'viewer' }), generated_password: 'Xq7mK2pRt9vW4nB8cD3f' }, { status: 201 })
        : undefined,
    )
    await user.click(await screen.findByRole('button', { name: 'New admin' }))
    const dialog = screen.getByRole('dialog', { name: 'New admin' })
    await user.type(within(dialog).getByLabelText('Email'), 'new@example.com')
    await user.selectOptions(within(dialog).getByLabelText('Role'), 'viewer')
    await user.click(within(dialog).getByRole('button', { name: 'Create admin' }))

    const shown = await screen.findByRole('dialog', { name: 'Admin created' })
    expect(within(shown).getByLabelText('Password for new@example.com')).toHaveValue('Xq7mK2pRt9vW4nB8cD3f')
    expect(within(shown).getByRole('button', { name: 'Copy password' })).toBeInTheDocument()
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ email: 'new@example.com', role: 'viewer' })
    await user.click(within(shown).getByRole('button', { name: 'Done' }))
    expect(screen.queryByText('Xq7mK2pRt9vW4nB8cD3f')).not.toBeInTheDocument()
    expect(screen.queryByDisplayValue('Xq7mK2pRt9vW4nB8cD3f')).not.toBeInTheDocument()
  })

  it('sends a chosen password and maps field errors', async () => {
    const user = userEvent.setup()
    renderPage((request) =>
      request.method === 'POST'
        ? jsonResponse(problem(422, 'validation_failed', 'Invalid.', { errors: { password: ['must be at least 10 characters'] } }), { status: 422 })
        : undefined,
    )
    await user.click(await screen.findByRole('button', { name: 'New admin' }))
    const dialog = screen.getByRole('dialog', { name: 'New admin' })
    await user.type(within(dialog).getByLabelText('Email'), 'x@example.com')
    await user.click(within(dialog).getByLabelText('Set a password now'))
    await user.type(within(dialog).getByLabelText('Initial password'), 'short')
    await user.click(within(dialog).getByRole('button', { name: 'Create admin' }))
    await waitFor(() => expect(within(dialog).getByLabelText('Initial password')).toHaveAccessibleDescription('Password must be at least 10 characters'))
  })

  it('edits name, role and status, sending only the changes', async () => {
    const user = userEvent.setup()
    const calls = renderPage((request) => (request.method === 'PATCH' ? jsonResponse({ ...sam, role: 'admin', status: 'inactive' }) : undefined))
    const row = (await screen.findByText('Sam Support')).closest('tr')!
    await user.click(within(row).getByRole('button', { name: 'Actions for sam@example.com' }))
    await user.click(screen.getByRole('menuitem', { name: 'Edit' }))
    const dialog = screen.getByRole('dialog', { name: 'Edit admin' })
    await user.selectOptions(within(dialog).getByLabelText('Role'), 'admin')
    await user.selectOptions(within(dialog).getByLabelText('Status'), 'inactive')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.path).toBe('/api/v1/admin/admins/sam-1')
    expect(patch.body).toEqual({ role: 'admin', status: 'inactive' })
  })

  it('shows why a delete was refused', async () => {
    const user = userEvent.setup()
    renderPage((request) =>
      request.method === 'DELETE'
        ? jsonResponse(problem(409, 'conflict', 'This is the last active super admin; promote another admin first.'), { status: 409 })
        : undefined,
    )
    const row = (await screen.findByText('Sam Support')).closest('tr')!
    await user.click(within(row).getByRole('button', { name: 'Actions for sam@example.com' }))
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete Sam Support?' })
    const confirm = within(dialog).getByRole('button', { name: 'Delete admin' })
    expect(confirm).toBeDisabled()
    await user.type(within(dialog).getByLabelText(/Type sam@example.com to confirm/), 'sam@example.com')
    await user.click(confirm)
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('This is the last active super admin'))
  })
})
