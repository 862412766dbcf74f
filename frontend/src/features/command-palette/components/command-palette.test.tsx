import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import type { AdminRole } from '@/lib/api/types'
import { sessionFromTokens, setSession } from '@/lib/session'
import { jsonResponse, makeTokens, stubFetch, withQueryClient } from '@/testing/utils'
import { CommandPalette } from './command-palette'

function Where() {
  const location = useLocation()
  return <output aria-label="Location">{location.pathname + location.search}</output>
}

function Harness({ role = 'super_admin', onClose }: { role?: AdminRole; onClose?: () => void }) {
  const [open, setOpen] = useState(true)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Search…
      </button>
      <Where />
      <CommandPalette
        open={open}
        role={role}
        onClose={() => {
          onClose?.()
          setOpen(false)
        }}
      />
    </>
  )
}

function renderPalette(props: { role?: AdminRole; onClose?: () => void } = {}) {
  setSession(sessionFromTokens(makeTokens()))
  const router = createMemoryRouter([{ path: '*', element: <Harness {...props} /> }], { initialEntries: ['/admin'] })
  render(withQueryClient(<RouterProvider router={router} />))
  return router
}

const input = () => screen.getByRole('combobox', { name: 'Search pages, customers and licenses' })
const active = () => {
  const id = input().getAttribute('aria-activedescendant')
  return id ? document.getElementById(id) : null
}

describe('CommandPalette', () => {
  it('opens with the search box focused and every page listed', () => {
    stubFetch([])
    renderPalette()
    expect(input()).toHaveFocus()
    expect(input()).toHaveAttribute('aria-expanded', 'true')
    const listbox = screen.getByRole('listbox', { name: 'Results' })
    expect(input()).toHaveAttribute('aria-controls', listbox.id)
    expect(screen.getByRole('option', { name: /Dashboard/ })).toHaveAttribute('aria-selected', 'true')
    expect(screen.getByRole('option', { name: /Admins/ })).toBeInTheDocument()
  })

  it('hides pages the role may not open', () => {
    stubFetch([])
    renderPalette({ role: 'viewer' })
    expect(screen.queryByRole('option', { name: /API keys/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('option', { name: /Admins/ })).not.toBeInTheDocument()
    // The audit log is for admins (as in the sidebar and the route).
    expect(screen.queryByRole('option', { name: /Audit log/ })).not.toBeInTheDocument()
    expect(screen.getByRole('option', { name: /Activations/ })).toBeInTheDocument()
  })

  it('lists the audit log and API keys for an admin, but not Admins', () => {
    stubFetch([])
    renderPalette({ role: 'admin' })
    expect(screen.getByRole('option', { name: /Audit log/ })).toBeInTheDocument()
    expect(screen.getByRole('option', { name: /API keys/ })).toBeInTheDocument()
    expect(screen.queryByRole('option', { name: /Admins/ })).not.toBeInTheDocument()
  })

  it('filters pages as you type and opens the highlighted one with Enter', async () => {
    const user = userEvent.setup()
    stubFetch(() => jsonResponse({ customers: [], licenses: [] }))
    const onClose = vi.fn()
    const router = renderPalette({ onClose })
    await user.type(input(), 'customers')
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringContaining('Customers')])
    await user.keyboard('{Enter}')
    expect(router.state.location.pathname).toBe('/admin/customers')
    expect(onClose).toHaveBeenCalled()
  })

  it('moves the highlight with the arrow keys, wrapping around', async () => {
    const user = userEvent.setup()
    stubFetch([])
    const router = renderPalette()
    expect(active()).toHaveTextContent('Dashboard')
    await user.keyboard('{ArrowDown}{ArrowDown}')
    expect(active()).toHaveTextContent('Licenses')
    expect(active()).toHaveAttribute('aria-selected', 'true')
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}')
    expect(active()).toHaveTextContent('API docs')
    await user.keyboard('{Home}')
    expect(active()).toHaveTextContent('Dashboard')
    await user.keyboard('{ArrowDown}{Enter}')
    expect(router.state.location.pathname).toBe('/admin/customers')
  })

  it('closes on Escape without navigating', async () => {
    const user = userEvent.setup()
    stubFetch([])
    const onClose = vi.fn()
    const router = renderPalette({ onClose })
    await user.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(router.state.location.pathname).toBe('/admin')
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument()
  })

  it('searches customers and licenses (debounced) from two characters and opens a result', async () => {
    const user = userEvent.setup()
    const calls = stubFetch(() =>
      jsonResponse({
        customers: [
          { id: 'c-1', email: 'john@acme.com', name: 'John Smith', license_count: 3, status: 'active', created_at: '2026-01-01T00:00:00Z' },
        ],
        licenses: [
          {
            id: 'l-1',
            key: 'JOHN-1234-ABCD-WXYZ',
            status: 'active',
            product_id: 'p',
            product_name: 'Pro',
            customer_email: 'john@acme.com',
            activations_used: 1,
            metadata: {},
            created_at: '2026-01-01T00:00:00Z',
            updated_at: '2026-01-01T00:00:00Z',
          },
        ],
      }),
    )
    const router = renderPalette()
    await user.type(input(), 'john')
    const customer = await screen.findByRole('option', { name: /John Smith/ })
    // One request, for the whole word: typing is debounced.
    expect(calls).toHaveLength(1)
    const request = calls[0]
    expect(request.path).toBe('/api/v1/admin/search')
    expect(screen.getByRole('group', { name: 'Customers' })).toContainElement(customer)
    expect(screen.getByRole('option', { name: /JOHN-1234-ABCD-WXYZ/ })).toBeInTheDocument()
    expect(active()).toBe(customer)

    await user.keyboard('{ArrowDown}{Enter}')
    expect(router.state.location.pathname + router.state.location.search).toBe('/admin/licenses?search=JOHN-1234-ABCD-WXYZ')
  })

  it('sends the query and limit, and opens a customer on click', async () => {
    const user = userEvent.setup()
    const urls: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        urls.push(request.url)
        return jsonResponse({
          customers: [{ id: 'c 9', email: 'ann@x.io', name: null, license_count: 0, status: 'active', created_at: '2026-01-01T00:00:00Z' }],
          licenses: [],
        })
      }),
    )
    const router = renderPalette()
    await user.type(input(), 'ann@x.io')
    await user.click(await screen.findByRole('option', { name: /ann@x\.io/ }))
    expect(new URL(urls[0]).searchParams.get('q')).toBe('ann@x.io')
    expect(new URL(urls[0]).searchParams.get('limit')).toBe('5')
    expect(router.state.location.pathname).toBe('/admin/customers/c%209')
  })

  it('says when nothing matches', async () => {
    const user = userEvent.setup()
    stubFetch(() => jsonResponse({ customers: [], licenses: [] }))
    renderPalette()
    await user.type(input(), 'qqqq')
    await waitFor(() => expect(screen.getByText('Nothing matches “qqqq”.', { selector: 'p:not([role])' })).toBeInTheDocument())
    expect(screen.queryAllByRole('option')).toHaveLength(0)
    expect(input()).not.toHaveAttribute('aria-activedescendant')
  })
})
