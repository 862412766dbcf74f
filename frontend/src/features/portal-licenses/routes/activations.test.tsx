import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { RecordedRequest } from '@/testing/utils'
import { makePortalActivation, makePortalLicense, portalPage, renderPortalPage, signInCustomer, viewAsCustomer } from '@/testing/portal'
import { jsonResponse, problem, stubFetch } from '@/testing/utils'
import { PortalActivationsPage } from './activations'
import { PortalLicenseDetailPage } from './license-detail'

/** The portal API as the pages use it, with the slot count following deactivations. */
function stubPortal(options: { deactivate?: (request: RecordedRequest) => Response; activations?: ReturnType<typeof makePortalActivation>[] } = {}) {
  let active = true
  const activation = () =>
    makePortalActivation(active ? {} : { status: 'inactive', deactivated_at: '2026-03-01T00:00:00Z', deactivation_reason: 'Replaced it' })
  return stubFetch((request) => {
    if (request.path === '/api/v1/portal/licenses') return jsonResponse(portalPage([makePortalLicense({ activations_used: active ? 1 : 0 })]))
    if (request.path === '/api/v1/portal/licenses/lic-1') return jsonResponse(makePortalLicense({ activations_used: active ? 1 : 0 }))
    if (request.path === '/api/v1/portal/activations') return jsonResponse(portalPage(options.activations ?? [activation()]))
    if (request.path === '/api/v1/portal/activations/act-1/deactivate') {
      if (options.deactivate) return options.deactivate(request)
      active = false
      return jsonResponse(activation())
    }
    return jsonResponse(problem(404, 'not_found', `no stub for ${request.method} ${request.path}`), { status: 404 })
  })
}

describe('PortalActivationsPage', () => {
  it('deactivates after confirmation, with the reason, and the list follows at once', async () => {
    const user = userEvent.setup()
    signInCustomer()
    const calls = stubPortal()
    renderPortalPage('/portal/activations', <PortalActivationsPage />)

    const row = (await screen.findByText('Office iMac')).closest('tr')!
    expect(within(row).getByText('Pro Editor')).toBeInTheDocument()
    expect(within(row).getByText('Active')).toBeInTheDocument()
    await user.click(within(row).getByRole('button', { name: 'Deactivate Office iMac' }))

    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Office iMac?' })
    expect(dialog).toHaveTextContent('Frees one slot of your Pro Editor license')
    // Nothing happens before the confirmation.
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
    await user.type(within(dialog).getByLabelText(/Reason/), 'Replaced it')
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const post = calls.find((c) => c.method === 'POST')!
    expect(post).toMatchObject({ path: '/api/v1/portal/activations/act-1/deactivate', body: { reason: 'Replaced it' } })
    expect(post.headers.get('Authorization')).toBe('Bearer portal-access-1')
    await waitFor(() => expect(within(row).getByText('Inactive')).toBeInTheDocument())
    expect(within(row).queryByRole('button', { name: /Deactivate/ })).not.toBeInTheDocument()
    expect(within(row).getByText(/Replaced it/)).toBeInTheDocument()
    expect(await screen.findByText('Office iMac deactivated: its slot is free')).toBeInTheDocument()
  })

  it('shows a refusal inside the dialog', async () => {
    const user = userEvent.setup()
    signInCustomer()
    stubPortal({
      deactivate: () => jsonResponse(problem(409, 'invalid_transition', 'This activation is already inactive.'), { status: 409 }),
    })
    renderPortalPage('/portal/activations', <PortalActivationsPage />)
    await user.click(await screen.findByRole('button', { name: 'Deactivate Office iMac' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('This activation is already inactive.')
  })

  it('filters by status and license through the URL and the API query', async () => {
    const user = userEvent.setup()
    signInCustomer()
    const calls = stubPortal()
    const router = renderPortalPage('/portal/activations', <PortalActivationsPage />)
    await screen.findByText('Office iMac')
    await user.selectOptions(screen.getByLabelText('Status'), 'inactive')
    await waitFor(() => expect(router.state.location.search).toBe('?status=inactive'))
    await screen.findByRole('option', { name: /Pro Editor \(PRO-/ })
    await user.selectOptions(screen.getByLabelText('License'), 'lic-1')
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/portal/activations' && c.search.includes('license_id=lic-1'))).toBe(true))
    const last = calls.filter((c) => c.path === '/api/v1/portal/activations').at(-1)!
    expect(new URLSearchParams(last.search).get('status')).toBe('inactive')
  })

  it('has an empty state, with a way out of filters', async () => {
    const user = userEvent.setup()
    signInCustomer()
    stubPortal({ activations: [] })
    const router = renderPortalPage('/portal/activations', <PortalActivationsPage />, '/portal/activations?status=active')
    expect(await screen.findByRole('heading', { name: 'No activations match these filters' })).toBeInTheDocument()
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0])
    await waitFor(() => expect(router.state.location.search).toBe(''))
    expect(await screen.findByRole('heading', { name: 'No activations yet' })).toBeInTheDocument()
  })

  it('offers no deactivation in a read-only view', async () => {
    viewAsCustomer()
    const calls = stubPortal()
    renderPortalPage('/portal/activations', <PortalActivationsPage />)
    await screen.findByText('Office iMac')
    expect(screen.queryByRole('button', { name: /Deactivate/ })).not.toBeInTheDocument()
    expect(calls[0].headers.get('Authorization')).toBe('Bearer impersonation-token-1')
  })
})

describe('PortalLicenseDetailPage', () => {
  it('shows the license and its devices; deactivating frees the slot', async () => {
    const user = userEvent.setup()
    signInCustomer()
    stubPortal()
    renderPortalPage('/portal/licenses/:id', <PortalLicenseDetailPage />, '/portal/licenses/lic-1')
    expect(await screen.findByRole('heading', { level: 1, name: 'Pro Editor' })).toBeInTheDocument()
    expect(await screen.findByText('1 / 3')).toBeInTheDocument()
    await user.click(await screen.findByRole('button', { name: 'Deactivate Office iMac' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Deactivate' }))
    expect(await screen.findByText('0 / 3')).toBeInTheDocument()
  })

  it('says when the license cannot be found', async () => {
    signInCustomer()
    stubFetch((request) =>
      request.path === '/api/v1/portal/licenses/other'
        ? jsonResponse(problem(404, 'not_found', 'License not found.'), { status: 404 })
        : jsonResponse(portalPage([])),
    )
    renderPortalPage('/portal/licenses/:id', <PortalLicenseDetailPage />, '/portal/licenses/other')
    expect(await screen.findByText('License not found.')).toBeInTheDocument()
  })
})
