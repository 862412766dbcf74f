import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse, problem, stubFetch } from '@/testing/utils'
import { makeCustomer, page, renderAt, requestedUrls, signInAs } from '../testing/helpers'
import { CustomersListPage } from './customers-list'

const customers = [
  makeCustomer({ id: 'c-1', name: 'John Smith', email: 'john@example.com', license_count: 1 }),
  makeCustomer({ id: 'c-2', name: 'Sarah Johnson', email: 'sarah@company.com', license_count: 3 }),
  makeCustomer({ id: 'c-3', name: null, email: 'anon@example.com', license_count: 0 }),
]

function listCalls(): URL[] {
  return requestedUrls().filter((url) => url.pathname === '/api/v1/admin/customers')
}

function renderList(url = '/admin/customers') {
  return renderAt('/admin/customers', <CustomersListPage />, url)
}

function locationText() {
  return screen.getByTestId('location').textContent ?? ''
}

beforeEach(() => signInAs('admin'))

describe('CustomersListPage', () => {
  it('shows name (or N/A), email, the plural license badge, the join date and a View link', async () => {
    stubFetch(() => jsonResponse(page(customers)))
    renderList()

    const table = await screen.findByRole('table', { name: 'Customers' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(3)

    const [john, sarah, anon] = rows
    expect(within(john).getByText('John Smith')).toHaveClass('font-semibold')
    expect(within(john).getByText('john@example.com')).toHaveClass('text-muted-foreground')
    expect(within(john).getByText('1 License')).toBeInTheDocument()
    expect(within(john).getByText('Jan 26, 2026')).toBeInTheDocument()
    expect(within(sarah).getByText('3 Licenses')).toBeInTheDocument()
    expect(within(anon).getByText('N/A')).toBeInTheDocument()
    expect(within(anon).getByText('0 Licenses')).toBeInTheDocument()
    expect(within(john).getByRole('link', { name: 'View john@example.com' })).toHaveAttribute('href', '/admin/customers/c-1')

    // The default request: newest first is the API's default, page 1 of 25.
    const [first] = listCalls()
    expect(first.searchParams.get('page')).toBe('1')
    expect(first.searchParams.get('per_page')).toBe('25')
    expect(first.searchParams.has('search')).toBe(false)
  })

  it('opens the detail page when a row is clicked or activated with Enter', async () => {
    const user = userEvent.setup()
    stubFetch(() => jsonResponse(page(customers)))
    renderList()
    await user.click(await screen.findByText('Sarah Johnson'))
    expect(locationText()).toBe('/admin/customers/c-2')
  })

  it('opens the detail page with Enter on a focused row', async () => {
    const user = userEvent.setup()
    stubFetch(() => jsonResponse(page(customers)))
    renderList()
    const row = await screen.findByRole('row', { name: 'View John Smith' })
    row.focus()
    await user.keyboard('{Enter}')
    expect(locationText()).toBe('/admin/customers/c-1')
  })

  it('searches after a 300 ms pause, keeps the search in the URL and clears it with the × button', async () => {
    const user = userEvent.setup()
    stubFetch(() => jsonResponse(page(customers)))
    renderList()
    const box = await screen.findByPlaceholderText('Search by name or email…')
    await screen.findByText('John Smith')
    expect(box).toHaveAccessibleName('Search customers')
    const searchBox = screen.getByRole('search')
    expect(within(searchBox).queryByRole('button', { name: 'Clear search' })).not.toBeInTheDocument()

    // Keystrokes 100 ms apart: the URL follows each one, the API waits for a 300 ms pause.
    vi.useFakeTimers()
    try {
      for (const value of ['j', 'jo', 'joh', 'john']) {
        fireEvent.change(box, { target: { value } })
        act(() => void vi.advanceTimersByTime(100))
      }
      expect(locationText()).toBe('/admin/customers?search=john')
      act(() => void vi.advanceTimersByTime(150))
      expect(listCalls().filter((u) => u.searchParams.has('search'))).toHaveLength(0)
      act(() => void vi.advanceTimersByTime(50))
    } finally {
      vi.useRealTimers()
    }
    await waitFor(() => expect(listCalls().some((u) => u.searchParams.get('search') === 'john')).toBe(true))
    const searches = listCalls()
      .map((u) => u.searchParams.get('search'))
      .filter(Boolean)
    expect(searches).toEqual(['john'])

    await user.click(within(searchBox).getByRole('button', { name: 'Clear search' }))
    expect(box).toHaveValue('')
    expect(box).toHaveFocus()
    expect(locationText()).toBe('/admin/customers')
    expect(within(searchBox).queryByRole('button', { name: 'Clear search' })).not.toBeInTheDocument()
  })

  it('clears the search with Escape', async () => {
    const user = userEvent.setup()
    stubFetch(() => jsonResponse(page(customers)))
    renderList('/admin/customers?search=john')
    const box = await screen.findByPlaceholderText('Search by name or email…')
    expect(box).toHaveValue('john')
    await user.click(box)
    await user.keyboard('{Escape}')
    expect(box).toHaveValue('')
    expect(locationText()).toBe('/admin/customers')
  })

  it('fills the search box from a bookmarked URL and asks the API for it', async () => {
    stubFetch(() => jsonResponse(page(customers.slice(0, 1))))
    renderList('/admin/customers?search=%40acme.com&sort=email')
    expect(await screen.findByPlaceholderText('Search by name or email…')).toHaveValue('@acme.com')
    await screen.findByText('John Smith')
    const [call] = listCalls()
    expect(call.searchParams.get('search')).toBe('@acme.com')
    expect(call.searchParams.get('sort')).toBe('email')
  })

  it('sorts by Name, Email and Joined (ascending first, then descending); Licenses is not sortable', async () => {
    const user = userEvent.setup()
    stubFetch(() => jsonResponse(page(customers)))
    renderList()
    await screen.findByText('John Smith')
    const headers = () => screen.getAllByRole('columnheader')
    const header = (name: string) => headers().find((h) => h.textContent?.includes(name))!

    // Default: newest first.
    expect(header('Joined')).toHaveAttribute('aria-sort', 'descending')
    expect(header('Name')).toHaveAttribute('aria-sort', 'none')
    expect(within(header('Licenses')).queryByRole('button')).not.toBeInTheDocument()
    expect(header('Licenses')).not.toHaveAttribute('aria-sort')

    await user.click(within(header('Name')).getByRole('button', { name: 'Name' }))
    expect(locationText()).toBe('/admin/customers?sort=name')
    expect(header('Name')).toHaveAttribute('aria-sort', 'ascending')
    expect(header('Joined')).toHaveAttribute('aria-sort', 'none')
    await waitFor(() => expect(listCalls().at(-1)?.searchParams.get('sort')).toBe('name'))

    await user.click(within(header('Name')).getByRole('button', { name: 'Name' }))
    expect(locationText()).toBe('/admin/customers?sort=-name')
    expect(header('Name')).toHaveAttribute('aria-sort', 'descending')

    // Only one column at a time.
    await user.click(within(header('Email')).getByRole('button', { name: 'Email' }))
    expect(locationText()).toBe('/admin/customers?sort=email')
    expect(header('Name')).toHaveAttribute('aria-sort', 'none')

    // Joined: oldest first on the first click, newest first (kept in the URL) on the second.
    await user.click(within(header('Joined')).getByRole('button', { name: 'Joined' }))
    expect(locationText()).toBe('/admin/customers?sort=created_at')
    await user.click(within(header('Joined')).getByRole('button', { name: 'Joined' }))
    expect(locationText()).toBe('/admin/customers?sort=-created_at')
    expect(header('Joined')).toHaveAttribute('aria-sort', 'descending')
  })

  it('tells "no customers yet" apart from "no match"', async () => {
    const user = userEvent.setup()
    stubFetch(() => jsonResponse(page([])))
    renderList()
    expect(await screen.findByRole('heading', { name: 'No customers yet' })).toBeInTheDocument()
    expect(screen.getByText('Customers are created when a license is assigned to a new email.')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Go to Licenses' })).toHaveAttribute('href', '/admin/licenses')

    await user.type(screen.getByPlaceholderText('Search by name or email…'), 'zzz')
    const empty = await screen.findByRole('heading', { name: 'No customers match “zzz”' })
    await user.click(within(empty.parentElement!).getByRole('button', { name: 'Clear search' }))
    expect(await screen.findByRole('heading', { name: 'No customers yet' })).toBeInTheDocument()
  })

  it('shows "10,000+" when the API caps the total of a broad search', async () => {
    stubFetch(() =>
      jsonResponse(page(customers, { total: 10000, total_pages: 400, total_capped: true })),
    )
    renderList('/admin/customers?search=a')
    expect(await screen.findByText('Showing 1–25 of 10,000+')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /Next/ })).toBeEnabled()
  })

  it('shows the problem detail when the list fails', async () => {
    stubFetch(() => jsonResponse(problem(503, 'service_unavailable', 'The database is not reachable.'), { status: 503 }))
    renderList()
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load customers')
    expect(alert).toHaveTextContent('The database is not reachable.')
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument()
  })

  it('offers Export CSV to admins only', async () => {
    signInAs('viewer')
    stubFetch(() => jsonResponse(page(customers)))
    renderList()
    await screen.findByText('John Smith')
    expect(screen.queryByRole('button', { name: /Export CSV/ })).not.toBeInTheDocument()
  })
})
