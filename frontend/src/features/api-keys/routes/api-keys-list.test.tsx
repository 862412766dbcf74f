import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { describe, expect, it } from 'vitest'
import { sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, problem, stubFetch, withQueryClient, type RecordedRequest } from '@/testing/utils'
import type { ApiKey } from '../lib/types'
import { ApiKeysListPage } from './api-keys-list'

const key = (overrides: Partial<ApiKey> = {}): ApiKey => ({
  id: 'k1',
  name: 'CI deploys',
  prefix: 'lk_7Hc2QmZp',
  role: 'operator',
  effective_role: 'operator',
  status: 'active',
  created_by: makeAdmin().id,
  created_at: '2026-11-01T10:00:00Z',
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
  ...overrides,
})

const SECRET = 'lk_7Hc2QmZpX4r9Lk2Vb8Nw3Ty6Ua1Ds5Fg7Hj0Kl2Zx4Cv'

function renderPage(route: (request: RecordedRequest) => Response, role: 'admin' | 'super_admin' = 'admin') {
  setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role }) })))
  const calls = stubFetch(route)
  render(withQueryClient(<MemoryRouter initialEntries={['/admin/api-keys']}>{<ApiKeysListPage />}</MemoryRouter>))
  return calls
}

describe('ApiKeysListPage', () => {
  it('lists keys with their prefix, role, use and expiry', async () => {
    renderPage(() => jsonResponse({ data: [key({ last_used_at: null, expires_at: '2027-06-30T00:00:00Z' })], meta: { page: 1, per_page: 25, total: 1, total_pages: 1 } }))
    const row = (await screen.findByText('CI deploys')).closest('tr')!
    expect(within(row).getByText('lk_7Hc2QmZp…')).toBeInTheDocument()
    expect(within(row).getByText('Operator')).toBeInTheDocument()
    expect(within(row).getByText('Never')).toBeInTheDocument()
    expect(within(row).getByText('Jun 30, 2027')).toBeInTheDocument()
    expect(within(row).getByText('Created by you')).toBeInTheDocument()
  })

  it('shows a suspended key and the lower role a key acts with after its owner was demoted', async () => {
    renderPage(() =>
      jsonResponse({
        data: [
          key({ id: 'k1', name: 'Demoted owner', role: 'admin', effective_role: 'viewer' }),
          key({ id: 'k2', name: 'Inactive owner', status: 'suspended' }),
        ],
        meta: { page: 1, per_page: 25, total: 2, total_pages: 1 },
      }),
    )
    const demoted = (await screen.findByText('Demoted owner')).closest('tr')!
    expect(within(demoted).getByText('Admin')).toBeInTheDocument()
    expect(within(demoted).getByText('acts as Viewer (owner’s current role)')).toBeInTheDocument()
    const suspended = screen.getByText('Inactive owner').closest('tr')!
    expect(within(suspended).getByText('Suspended')).toBeInTheDocument()
    expect(within(suspended).queryByText(/acts as/)).toBeNull()
  })

  it('shows an empty state with a create button', async () => {
    renderPage(() => jsonResponse({ data: [], meta: { page: 1, per_page: 25, total: 0, total_pages: 0 } }))
    expect(await screen.findByRole('heading', { name: 'No active API keys' })).toBeInTheDocument()
  })

  it('creates a key and shows the secret once, never again', async () => {
    const user = userEvent.setup()
    let created = false
    const calls = renderPage((request) => {
      if (request.method === 'POST') {
        created = true
        return jsonResponse({ api_key: key({ id: 'k2', name: 'CRM sync', role: 'viewer' }), secret: SECRET }, { status: 201 })
      }
      return jsonResponse({ data: created ? [key({ id: 'k2', name: 'CRM sync', role: 'viewer' })] : [], meta: { page: 1, per_page: 25, total: created ? 1 : 0, total_pages: 1 } })
    })
    await user.click((await screen.findAllByRole('button', { name: 'Create API key' }))[0])
    const dialog = screen.getByRole('dialog', { name: 'Create API key' })
    // An admin may give at most their own role.
    expect(within(within(dialog).getByLabelText('Role')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Viewer', 'Operator', 'Admin'])
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }))
    expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription(/Give the key a name/)

    await user.type(within(dialog).getByLabelText('Name'), 'CRM sync')
    await user.selectOptions(within(dialog).getByLabelText('Expires'), 'custom')
    await user.type(within(dialog).getByLabelText('Expiry date'), '2099-12-31')
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }))

    const secretDialog = await screen.findByRole('dialog', { name: 'Copy your new API key' })
    expect(within(secretDialog).getByLabelText('API key “CRM sync”')).toHaveValue(SECRET)
    expect(within(secretDialog).getByText('This is the only time the key is shown')).toBeInTheDocument()
    expect(within(secretDialog).getByRole('button', { name: 'Copy API key' })).toBeInTheDocument()
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.body).toEqual({ name: 'CRM sync', role: 'viewer', expires_at: new Date(2100, 0, 1).toISOString() })

    await user.click(within(secretDialog).getByRole('button', { name: 'I have copied the key' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(await screen.findByText('CRM sync')).toBeInTheDocument()
    expect(document.body.innerHTML).not.toContain(SECRET)
  })

  it('revokes a key after confirmation and shows the server’s refusal', async () => {
    const user = userEvent.setup()
    renderPage((request) =>
      request.method === 'DELETE'
        ? jsonResponse(problem(409, 'invalid_transition', 'This API key is already revoked.'), { status: 409 })
        : jsonResponse({ data: [key()], meta: { page: 1, per_page: 25, total: 1, total_pages: 1 } }),
    )
    await user.click(await screen.findByRole('button', { name: 'Revoke CI deploys' }))
    const dialog = screen.getByRole('dialog', { name: 'Revoke “CI deploys”?' })
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }))
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('This API key is already revoked.'))
  })
})
