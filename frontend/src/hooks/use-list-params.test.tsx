import { act, render } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useListParams, type ListParams, type UseListParamsOptions } from './use-list-params'

type Filter = 'status' | 'product_id'

function setup(url: string, options: UseListParamsOptions<Filter> = { filters: ['status', 'product_id'] }) {
  let latest!: ListParams<Filter>
  function Probe() {
    latest = useListParams<Filter>(options)
    return null
  }
  const router = createMemoryRouter([{ path: '/admin/licenses', element: <Probe /> }], { initialEntries: [url] })
  render(<RouterProvider router={router} />)
  return {
    router,
    params: () => latest,
    search: () => router.state.location.search,
  }
}

describe('useListParams', () => {
  afterEach(() => vi.useRealTimers())

  it('reads typed values with defaults', () => {
    const { params } = setup('/admin/licenses?search=john&sort=-name&page=3&per_page=50&status=active&other=x')
    const p = params()
    expect(p.search).toBe('john')
    expect(p.sort).toBe('-name')
    expect(p.page).toBe(3)
    expect(p.perPage).toBe(50)
    expect(p.filters).toEqual({ status: 'active', product_id: undefined })
    expect(p.get('other')).toBe('x')
    expect(p.query).toEqual({ search: 'john', sort: '-name', page: 3, per_page: 50, status: 'active' })
    expect(p.isFiltered).toBe(true)
  })

  it('falls back on bad or missing values', () => {
    const { params } = setup('/admin/licenses?page=-2&per_page=5000', { defaultSort: '-created_at', filters: ['status'] })
    const p = params()
    expect(p.page).toBe(1)
    expect(p.perPage).toBe(100)
    expect(p.sort).toBe('-created_at')
    expect(p.search).toBe('')
    expect(p.query).toEqual({ sort: '-created_at', page: 1, per_page: 100 })
    expect(p.isFiltered).toBe(false)
  })

  it('resets the page when a filter or the sort changes, and drops empty values', async () => {
    const { params, search, router } = setup('/admin/licenses?page=4&status=active')
    await act(() => params().setFilter('status', 'revoked'))
    expect(search()).toBe('?status=revoked')

    await act(() => params().setPage(2))
    expect(search()).toBe('?status=revoked&page=2')
    expect(router.state.historyAction).toBe('PUSH')

    await act(() => params().toggleSort('name'))
    expect(search()).toBe('?status=revoked&sort=name')
    await act(() => params().toggleSort('name'))
    expect(search()).toBe('?status=revoked&sort=-name')

    await act(() => params().setFilter('status', ''))
    expect(search()).toBe('?sort=-name')
    await act(() => params().setPage(1))
    expect(search()).toBe('?sort=-name')
    await act(() => params().clear())
    expect(search()).toBe('')
  })

  it('replaces the history entry while typing and debounces the API search', async () => {
    vi.useFakeTimers()
    const { params, search, router } = setup('/admin/licenses?page=2')
    await act(() => params().setSearch('jo'))
    expect(search()).toBe('?search=jo')
    expect(router.state.historyAction).toBe('REPLACE')
    expect(params().search).toBe('jo')
    expect(params().query.search).toBeUndefined()

    await act(() => params().setSearch('john '))
    // The box keeps what was typed, spaces included.
    expect(params().search).toBe('john ')
    act(() => vi.advanceTimersByTime(300))
    expect(params().query).toEqual({ search: 'john', page: 1, per_page: 25 })

    await act(() => params().setSearch('  '))
    expect(search()).toBe('')
  })

  it('keeps the default sort and per-page out of the URL', async () => {
    const { params, search } = setup('/admin/licenses?sort=name', { defaultSort: '-created_at', defaultPerPage: 25 })
    await act(() => params().setParams({ sort: '-created_at', per_page: 25 }))
    expect(search()).toBe('')
    await act(() => params().setPerPage(50))
    expect(search()).toBe('?per_page=50')
  })
})
