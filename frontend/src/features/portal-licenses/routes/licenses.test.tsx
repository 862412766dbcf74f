import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { makePortalLicense, portalPage, renderPortalPage, signInCustomer } from '@/testing/portal'
import { jsonResponse, stubFetch } from '@/testing/utils'
import { PortalDashboardPage } from './dashboard'
import { PortalLicensesPage } from './licenses'

describe('PortalLicensesPage', () => {
  it('lists the licenses with masked key, status, expiry, slots and the explanation', async () => {
    const user = userEvent.setup()
    signInCustomer()
    const calls = stubFetch([
      () =>
        jsonResponse(
          portalPage([
            makePortalLicense({ max_activations: null, activations_used: 2 }),
            makePortalLicense({
              id: 'lic-2',
              key: 'OLD-11111-22222-33333-44444',
              product_name: 'Old Editor',
              status: 'expired',
              expires_at: '2026-11-02T00:00:00Z',
              max_activations: 3,
              activations_used: 3,
              valid: false,
              explanation: 'Expired on 2 November 2026: ask the vendor to renew it.',
            }),
          ]),
        ),
    ])
    renderPortalPage('/portal/licenses', <PortalLicensesPage />)

    const pro = await screen.findByRole('article', { name: 'Pro Editor license' })
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/portal/licenses' })
    expect(calls[0].headers.get('Authorization')).toBe('Bearer portal-access-1')
    // Masked until revealed; the copy button copies the full key.
    expect(within(pro).getByTestId('masked-key')).not.toHaveTextContent('PRO-7K4QX-M2H9T-ZP3WA-C8RVN')
    expect(within(pro).getByRole('button', { name: 'Copy license key' })).toBeInTheDocument()
    await user.click(within(pro).getByRole('button', { name: 'Show license key' }))
    expect(within(pro).getByTestId('masked-key')).toHaveTextContent('PRO-7K4QX-M2H9T-ZP3WA-C8RVN')
    expect(within(pro).getByText('Active')).toBeInTheDocument()
    expect(within(pro).getByText('Mar 1, 2027')).toBeInTheDocument()
    expect(within(pro).getByText('2 / Unlimited')).toBeInTheDocument()
    // A valid license's line is quiet.
    expect(within(pro).getByText('Valid until 1 March 2027.')).toBeInTheDocument()
    expect(within(pro).queryByRole('note')).not.toBeInTheDocument()
    expect(within(pro).getByRole('link', { name: /Devices on this license/ })).toHaveAttribute('href', '/portal/licenses/lic-1')

    const old = screen.getByRole('article', { name: 'Old Editor license' })
    expect(within(old).getByRole('note', { name: 'Why this license is not valid' })).toHaveTextContent(
      'Expired on 2 November 2026: ask the vendor to renew it.',
    )
    expect(within(old).getByText('Expired')).toBeInTheDocument()
    expect(within(old).getByText('3 / 3')).toBeInTheDocument()
    expect(within(old).getByText('(full)')).toBeInTheDocument()
  })

  it('says so when there are no licenses', async () => {
    signInCustomer()
    stubFetch([() => jsonResponse(portalPage([]))])
    renderPortalPage('/portal/licenses', <PortalLicensesPage />)
    expect(await screen.findByRole('heading', { name: 'No licenses yet' })).toBeInTheDocument()
  })
})

describe('PortalDashboardPage', () => {
  it('shows the four counts with links to the lists', async () => {
    signInCustomer()
    stubFetch((request) =>
      request.path === '/api/v1/portal/dashboard'
        ? jsonResponse({ licenses_total: 4, licenses_active: 3, activations_in_use: 2, expiring_soon: 1 })
        : jsonResponse({ message: `unexpected ${request.path}` }, { status: 500 }),
    )
    renderPortalPage('/portal', <PortalDashboardPage />)
    expect(await screen.findByTestId('stat-Licenses')).toHaveTextContent('4')
    expect(screen.getByTestId('stat-Active licenses')).toHaveTextContent('3')
    expect(screen.getByTestId('stat-Activations in use')).toHaveTextContent('2')
    expect(screen.getByTestId('stat-Expiring within 30 days')).toHaveTextContent('1')
    expect(screen.getByText('Welcome, Grace Hopper')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: /View activations/ })).toHaveAttribute('href', '/portal/activations?status=active')
  })
})
