import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeAdmin, makeTokens, problem, stubFetch, withQueryClient } from '@/testing/utils'
import type { Stats, UsageDay } from '../lib/types'
import { DashboardPage } from './dashboard'

// uPlot draws on a canvas, which jsdom does not have.
vi.mock('../components/usage-chart', () => ({ default: () => <div data-testid="usage-chart" /> }))

const day = (date: string, fields: Partial<UsageDay> = {}): UsageDay => ({
  date,
  activations: 0,
  validations: 0,
  failed_validations: 0,
  deactivations: 0,
  refused_activations: 0,
  ...fields,
})

function stats(overrides: Partial<Stats> = {}): Stats {
  return {
    customers: 1250,
    licenses: { total: 3400, available: 120, assigned: 600, active: 2400, expired: 200, suspended: 30, revoked: 50 },
    active_activations: 5120,
    expiring_soon: 84,
    expiring_within_days: 30,
    usage: [day('2026-11-28', { activations: 40, validations: 18000, failed_validations: 50 }), day('2026-11-29', { activations: 2, validations: 230, failed_validations: 7 })],
    generated_at: '2026-11-29T14:03:00Z',
    ...overrides,
  }
}

function renderDashboard(url = '/admin') {
  setSession(sessionFromTokens(makeTokens()))
  const admin = makeAdmin()
  const router = createMemoryRouter([{ path: '/admin', element: <DashboardPage admin={admin} /> }], { initialEntries: [url] })
  render(withQueryClient(<RouterProvider router={router} />))
  return router
}

describe('DashboardPage', () => {
  it('shows the counts as links to the filtered lists', async () => {
    const calls = stubFetch(() => jsonResponse(stats()))
    renderDashboard()
    const customers = await screen.findByRole('link', { name: /^Customers\s*1,250/ })
    expect(customers).toHaveAttribute('href', '/admin/customers')
    expect(screen.getByRole('link', { name: /^Licenses\s*3,400/ })).toHaveAttribute('href', '/admin/licenses')
    expect(screen.getByRole('link', { name: /^Active activations\s*5,120/ })).toHaveAttribute('href', '/admin/activations?status=active')
    expect(screen.getByRole('link', { name: /^Expiring in 30 days\s*84/ }).getAttribute('href')).toMatch(
      /^\/admin\/licenses\?expires_from=\d{4}-\d{2}-\d{2}&expires_to=\d{4}-\d{2}-\d{2}&sort=expires_at$/,
    )
    const byStatus = screen.getByRole('list', { name: 'Licenses by status' })
    expect(within(byStatus).getByRole('link', { name: /Suspended\s*30/ })).toHaveAttribute('href', '/admin/licenses?status=suspended')
    expect(within(byStatus).getAllByRole('link')).toHaveLength(6)
    expect(new URL(`http://x${calls[0].path}`).pathname).toBe('/api/v1/admin/stats')
  })

  it('summarises the traffic in text and as a table, and switches the range in the URL', async () => {
    const user = userEvent.setup()
    const urls: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        urls.push(request.url)
        return jsonResponse(stats())
      }),
    )
    const router = renderDashboard()
    expect(await screen.findByTestId('usage-summary')).toHaveTextContent(
      'In the last 30 days: 42 activations and 18,230 validations (57 failed). Busiest day: Nov 28, 2026',
    )
    expect(await screen.findByTestId('usage-chart')).toBeInTheDocument()
    const table = screen.getByRole('table', { name: /Licensing traffic per day/ })
    expect(within(table).getAllByRole('row')).toHaveLength(3)
    expect(new URL(urls[0]).searchParams.get('days')).toBe('30')
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute('aria-pressed', 'true')

    await user.click(screen.getByRole('button', { name: '7 days' }))
    expect(router.state.location.search).toBe('?days=7')
    await screen.findByText(/In the last 7 days/)
    expect(new URL(urls.at(-1)!).searchParams.get('days')).toBe('7')
  })

  it('reads the range from the URL', async () => {
    const urls: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        urls.push(request.url)
        return jsonResponse(stats())
      }),
    )
    renderDashboard('/admin?days=90')
    expect(await screen.findByRole('button', { name: '90 days' })).toHaveAttribute('aria-pressed', 'true')
    expect(new URL(urls[0]).searchParams.get('days')).toBe('90')
  })

  it('shows an empty state when there is no traffic yet', async () => {
    stubFetch(() => jsonResponse(stats({ usage: [day('2026-11-28'), day('2026-11-29')] })))
    renderDashboard()
    expect(await screen.findByRole('heading', { name: 'No licensing traffic yet' })).toBeInTheDocument()
    expect(screen.queryByTestId('usage-chart')).not.toBeInTheDocument()
  })

  it('shows the problem detail when the numbers cannot be loaded', async () => {
    stubFetch(() => jsonResponse(problem(503, 'unavailable', 'The database is not reachable.'), { status: 503 }))
    renderDashboard()
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is not reachable.')
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument()
    // Your account stays visible.
    expect(screen.getByText('Welcome, Ada Lovelace')).toBeInTheDocument()
  })
})
