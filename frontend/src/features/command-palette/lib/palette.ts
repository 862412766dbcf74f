import type { NavItem } from '@/components/layout/nav-items'
import type { Customer, License, SearchResults } from './types'

/** The server is asked once this many characters are typed. */
export const SEARCH_MIN_CHARS = 2
/** Results per kind from `GET /admin/search`. */
export const SEARCH_LIMIT = 5

export type PaletteItem =
  | { kind: 'page'; id: string; label: string; to: string; external: boolean; page: NavItem }
  | { kind: 'customer'; id: string; label: string; to: string; external: false; customer: Customer }
  | { kind: 'license'; id: string; label: string; to: string; external: false; license: License }

export interface PaletteSection {
  id: 'pages' | 'customers' | 'licenses'
  heading: string
  items: PaletteItem[]
}

/**
 * How well `text` matches `query` (both compared case-insensitively), 0 for no match:
 * the whole text, its start, the start of a word, anywhere, or its letters in order
 * ("actv" → "Activations").
 */
export function matchScore(text: string, query: string): number {
  const t = text.toLowerCase()
  const q = query.trim().toLowerCase()
  if (!q) return 1
  if (t === q) return 5
  if (t.startsWith(q)) return 4
  if (t.split(/[\s\-_/]+/).some((word) => word.startsWith(q))) return 3
  if (t.includes(q)) return 2
  let at = 0
  for (const char of q.replace(/\s+/g, '')) {
    at = t.indexOf(char, at)
    if (at === -1) return 0
    at += 1
  }
  return 1
}

/** The pages whose label matches `query`, best first (ties keep the sidebar's order). */
export function filterPages(pages: readonly NavItem[], query: string): NavItem[] {
  return pages
    .map((page, index) => ({ page, index, score: matchScore(page.label, query) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.page)
}

/** Where a license result goes: the license list searched for its key. */
export function licensePath(key: string): string {
  return `/admin/licenses?search=${encodeURIComponent(key)}`
}

export function customerPath(id: string): string {
  return `/admin/customers/${encodeURIComponent(id)}`
}

/** Whether `query` is long enough to search the server. */
export function shouldSearch(query: string): boolean {
  return query.trim().length >= SEARCH_MIN_CHARS
}

/** The palette's sections for what is typed: matching pages, then (when searched) customers and licenses. */
export function paletteSections(pages: readonly NavItem[], query: string, results: SearchResults | undefined): PaletteSection[] {
  const sections: PaletteSection[] = []
  const matchingPages = filterPages(pages, query)
  if (matchingPages.length > 0) {
    sections.push({
      id: 'pages',
      heading: 'Pages',
      items: matchingPages.map((page) => ({
        kind: 'page',
        id: `page:${page.to}`,
        label: page.label,
        to: page.to,
        external: Boolean(page.external),
        page,
      })),
    })
  }
  if (results && shouldSearch(query)) {
    if (results.customers.length > 0) {
      sections.push({
        id: 'customers',
        heading: 'Customers',
        items: results.customers.map((customer) => ({
          kind: 'customer',
          id: `customer:${customer.id}`,
          label: customer.name?.trim() || customer.email,
          to: customerPath(customer.id),
          external: false,
          customer,
        })),
      })
    }
    if (results.licenses.length > 0) {
      sections.push({
        id: 'licenses',
        heading: 'Licenses',
        items: results.licenses.map((license) => ({
          kind: 'license',
          id: `license:${license.id}`,
          label: license.key,
          to: licensePath(license.key),
          external: false,
          license,
        })),
      })
    }
  }
  return sections
}

/** Every item in display order (the listbox's options). */
export function flattenSections(sections: readonly PaletteSection[]): PaletteItem[] {
  return sections.flatMap((section) => section.items)
}

/**
 * The highlighted option after a key press (wrapping at both ends), or null when the key
 * does not move it. -1 means nothing is highlighted (no options).
 */
export function nextActiveIndex(current: number, count: number, key: string): number | null {
  if (count <= 0) return key === 'ArrowDown' || key === 'ArrowUp' || key === 'Home' || key === 'End' ? -1 : null
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : (current + 1) % count
    case 'ArrowUp':
      return current <= 0 ? count - 1 : current - 1
    case 'Home':
      return 0
    case 'End':
      return count - 1
    case 'PageDown':
      return Math.min(count - 1, Math.max(0, current) + 5)
    case 'PageUp':
      return Math.max(0, current - 5)
    default:
      return null
  }
}
