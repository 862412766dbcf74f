import { pluralize } from '@/lib/format'

/** A customer's name as the lists show it: "N/A" when none was given. */
export function displayName(name: string | null | undefined): string {
  const trimmed = name?.trim()
  return trimmed ? trimmed : 'N/A'
}

/** The Licenses badge text: "1 License", "3 Licenses", "0 Licenses". */
export function licenseCountLabel(count: number): string {
  return pluralize(count, 'License')
}

/** Newest customers first, as the API does without `sort`. */
export const DEFAULT_CUSTOMER_SORT = '-created_at'

/**
 * A license key shortened for dense tables: first and last group, `PRO-…-C8RVN` (keys
 * without separators keep their first and last 4 characters). The full key stays in the
 * License Inventory and the details dialog.
 */
export function shortKey(key: string, separator = '-'): string {
  const groups = key.split(separator)
  if (groups.length >= 3) return `${groups[0]}${separator}…${separator}${groups[groups.length - 1]}`
  return key.length > 12 ? `${key.slice(0, 4)}…${key.slice(-4)}` : key
}

/**
 * Whether the server accepts a transfer: only an assigned or active license moves to another
 * owner (a suspended or expired one must be reinstated or renewed first, a revoked one never),
 * the rule the Licenses page applies too.
 */
export function transferable(license: { status: string }): boolean {
  return license.status === 'assigned' || license.status === 'active'
}
