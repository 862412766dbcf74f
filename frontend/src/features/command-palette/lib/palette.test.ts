import { describe, expect, it } from 'vitest'
import { adminNav, navItemsFor } from '@/components/layout/nav-items'
import type { Customer, License, SearchResults } from './types'
import { filterPages, flattenSections, matchScore, nextActiveIndex, paletteSections, shouldSearch } from './palette'

const customer = (overrides: Partial<Customer> = {}): Customer => ({
  id: 'c1',
  email: 'john@acme.com',
  name: 'John Smith',
  license_count: 2,
  status: 'active',
  created_at: '2026-01-01T00:00:00Z',
  ...overrides,
})

const license = (overrides: Partial<License> = {}): License =>
  ({
    id: 'l1',
    key: 'ABCD-EFGH-IJKL-MNOP',
    status: 'active',
    product_id: 'p1',
    product_name: 'Pro',
    activations_used: 1,
    metadata: {},
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...overrides,
  }) as License

describe('matchScore', () => {
  it('ranks exact, prefix, word prefix, substring and in-order letters', () => {
    expect(matchScore('Customers', 'customers')).toBe(5)
    expect(matchScore('Customers', 'cust')).toBe(4)
    expect(matchScore('Audit log', 'log')).toBe(3)
    expect(matchScore('Customers', 'tom')).toBe(2)
    expect(matchScore('Activations', 'actv')).toBe(1)
    expect(matchScore('Activations', 'xyz')).toBe(0)
    expect(matchScore('Anything', '  ')).toBe(1)
  })
})

describe('filterPages', () => {
  it('lists every page the role may open when nothing is typed', () => {
    expect(filterPages(navItemsFor('super_admin'), '').map((p) => p.label)).toEqual(adminNav.map((p) => p.label))
    const viewer = filterPages(navItemsFor('viewer'), '').map((p) => p.label)
    expect(viewer).not.toContain('API keys')
    expect(viewer).not.toContain('Admins')
    expect(viewer).toContain('Customers')
  })

  it('filters by what is typed, best match first, case-insensitively', () => {
    expect(filterPages(navItemsFor('super_admin'), 'CUSTOMERS').map((p) => p.label)).toEqual(['Customers'])
    expect(filterPages(navItemsFor('super_admin'), 'a')[0].label).toBe('Activations')
    const api = filterPages(navItemsFor('super_admin'), 'api').map((p) => p.label)
    expect(api).toEqual(['API keys', 'API docs'])
    expect(filterPages(navItemsFor('viewer'), 'api').map((p) => p.label)).toEqual(['API docs'])
    expect(filterPages(navItemsFor('super_admin'), 'zzz')).toEqual([])
  })
})

describe('paletteSections', () => {
  const results: SearchResults = {
    customers: [customer(), customer({ id: 'c2', name: null, email: 'jane@acme.com' })],
    licenses: [license()],
  }

  it('puts pages first, then customers and licenses from the server', () => {
    const sections = paletteSections(navItemsFor('admin'), 'john@acme.com', results)
    expect(sections.map((s) => s.id)).toEqual(['customers', 'licenses'])
    const items = flattenSections(sections)
    expect(items.map((i) => [i.label, i.to])).toEqual([
      ['John Smith', '/admin/customers/c1'],
      ['jane@acme.com', '/admin/customers/c2'],
      ['ABCD-EFGH-IJKL-MNOP', '/admin/licenses?search=ABCD-EFGH-IJKL-MNOP'],
    ])
  })

  it('ignores server results below two characters', () => {
    expect(shouldSearch('c')).toBe(false)
    expect(shouldSearch(' cu ')).toBe(true)
    const sections = paletteSections(navItemsFor('admin'), 'c', results)
    expect(sections.map((s) => s.id)).toEqual(['pages'])
  })

  it('leaves out empty sections', () => {
    const sections = paletteSections(navItemsFor('admin'), 'customers', { customers: [], licenses: [] })
    expect(sections.map((s) => s.id)).toEqual(['pages'])
    expect(sections[0].items[0]).toMatchObject({ kind: 'page', label: 'Customers', to: '/admin/customers' })
  })
})

describe('nextActiveIndex', () => {
  it('moves with the arrows and wraps at both ends', () => {
    expect(nextActiveIndex(0, 3, 'ArrowDown')).toBe(1)
    expect(nextActiveIndex(2, 3, 'ArrowDown')).toBe(0)
    expect(nextActiveIndex(0, 3, 'ArrowUp')).toBe(2)
    expect(nextActiveIndex(-1, 3, 'ArrowDown')).toBe(0)
    expect(nextActiveIndex(1, 3, 'Home')).toBe(0)
    expect(nextActiveIndex(1, 3, 'End')).toBe(2)
    expect(nextActiveIndex(1, 20, 'PageDown')).toBe(6)
    expect(nextActiveIndex(3, 20, 'PageUp')).toBe(0)
  })

  it('ignores other keys and empty lists', () => {
    expect(nextActiveIndex(0, 3, 'a')).toBeNull()
    expect(nextActiveIndex(0, 0, 'ArrowDown')).toBe(-1)
    expect(nextActiveIndex(0, 0, 'Enter')).toBeNull()
  })
})
