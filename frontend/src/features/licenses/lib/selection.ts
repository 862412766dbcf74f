import type { License } from '../api/types'

/** Selected licenses by id (kept across pages, so the bulk dialog can list their keys). */
export type Selection = ReadonlyMap<string, License>

export const EMPTY_SELECTION: Selection = new Map()

/** Adds or removes one license. */
export function toggleOne(selection: Selection, license: License, checked: boolean): Selection {
  const next = new Map(selection)
  if (checked) next.set(license.id, license)
  else next.delete(license.id)
  return next
}

/** The header checkbox: selects every row on the page, or clears them all if all were selected. */
export function togglePage(selection: Selection, rows: readonly License[], checked: boolean): Selection {
  const next = new Map(selection)
  for (const row of rows) {
    if (checked) next.set(row.id, row)
    else next.delete(row.id)
  }
  return next
}

/** The header checkbox's state for the rows on this page. */
export function pageSelectionState(selection: Selection, rows: readonly License[]): { checked: boolean; indeterminate: boolean } {
  const picked = rows.filter((row) => selection.has(row.id)).length
  return { checked: rows.length > 0 && picked === rows.length, indeterminate: picked > 0 && picked < rows.length }
}

/** Fresh copies of selected rows that are on this page (their status may have changed). */
export function refreshSelection(selection: Selection, rows: readonly License[]): Selection {
  let changed = false
  const next = new Map(selection)
  for (const row of rows) {
    const old = next.get(row.id)
    if (old && old !== row) {
      next.set(row.id, row)
      changed = true
    }
  }
  return changed ? next : selection
}

/** Selected licenses the bulk assign would refuse (it is all or nothing), with why. */
export function unassignable(licenses: readonly License[]): Array<{ license: License; reason: string }> {
  const out: Array<{ license: License; reason: string }> = []
  for (const license of licenses) {
    if (license.status === 'revoked') out.push({ license, reason: 'revoked' })
    else if (license.status === 'suspended') out.push({ license, reason: 'suspended; reinstate it first' })
    else if (license.status === 'expired') out.push({ license, reason: 'expired; renew it first' })
  }
  return out
}

/** Selected licenses that belong to someone else already: assigning them is a transfer. */
export function transfers(licenses: readonly License[], email: string): License[] {
  const target = email.trim().toLowerCase()
  return licenses.filter((l) => l.customer_id && l.customer_email?.toLowerCase() !== target)
}
