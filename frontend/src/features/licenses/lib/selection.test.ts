import { describe, expect, it } from 'vitest'
import {
  EMPTY_SELECTION,
  pageSelectionState,
  refreshSelection,
  toggleOne,
  togglePage,
  transfers,
  unassignable,
} from './selection'
import { makeLicense, ownedLicense } from './test-data'

describe('row selection', () => {
  const page = [makeLicense(), makeLicense(), makeLicense()]

  it('selects and deselects rows without touching the original', () => {
    const one = toggleOne(EMPTY_SELECTION, page[0], true)
    expect([...one.keys()]).toEqual([page[0].id])
    expect(EMPTY_SELECTION.size).toBe(0)
    expect(toggleOne(one, page[0], false).size).toBe(0)
  })

  it('gives the header checkbox none / some (indeterminate) / all', () => {
    expect(pageSelectionState(EMPTY_SELECTION, page)).toEqual({ checked: false, indeterminate: false })
    const some = toggleOne(EMPTY_SELECTION, page[1], true)
    expect(pageSelectionState(some, page)).toEqual({ checked: false, indeterminate: true })
    const all = togglePage(some, page, true)
    expect(pageSelectionState(all, page)).toEqual({ checked: true, indeterminate: false })
    expect(pageSelectionState(EMPTY_SELECTION, [])).toEqual({ checked: false, indeterminate: false })
  })

  it('select-all on a page keeps selections from other pages', () => {
    const other = makeLicense()
    const withOther = toggleOne(EMPTY_SELECTION, other, true)
    const all = togglePage(withOther, page, true)
    expect(all.size).toBe(4)
    const cleared = togglePage(all, page, false)
    expect([...cleared.keys()]).toEqual([other.id])
  })

  it('refreshes selected rows with their latest copy, keeping identity when nothing changed', () => {
    const selected = togglePage(EMPTY_SELECTION, page, true)
    expect(refreshSelection(selected, page)).toBe(selected)
    const updated = { ...page[0], status: 'suspended' as const }
    const refreshed = refreshSelection(selected, [updated, page[1]])
    expect(refreshed.get(page[0].id)?.status).toBe('suspended')
  })
})

describe('bulk assign checks', () => {
  it('lists the licenses the all-or-nothing assign would refuse', () => {
    const ok = makeLicense()
    const revoked = makeLicense({ status: 'revoked' })
    const suspended = makeLicense({ status: 'suspended' })
    const expired = ownedLicense('a@x.com', { status: 'expired' })
    expect(unassignable([ok, revoked, suspended, expired]).map((b) => [b.license.id, b.reason])).toEqual([
      [revoked.id, 'revoked'],
      [suspended.id, 'suspended; reinstate it first'],
      [expired.id, 'expired; renew it first'],
    ])
  })

  it('spots transfers away from another owner (case-insensitively)', () => {
    const free = makeLicense()
    const mine = ownedLicense('john@company.com')
    const theirs = ownedLicense('old@email.com')
    expect(transfers([free, mine, theirs], ' John@Company.com ')).toEqual([theirs])
  })
})
