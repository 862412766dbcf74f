/** The device/domain name a person recognises: the given name, else the identifier. */
export function activationTitle(a: { name?: string | null; identifier: string }): string {
  return a.name?.trim() || a.identifier
}

/** The licenses list searched for one key (the licenses page has no per-id route). */
export function licenseSearchPath(key: string): string {
  return `/admin/licenses?${new URLSearchParams({ search: key })}`
}

/** Pretty-printed JSON for metadata; '' for nothing worth showing (null, {}, []). */
export function prettyMetadata(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object' && Object.keys(value as object).length === 0) return ''
  return JSON.stringify(value, null, 2)
}

/** A key shortened for tables: `PRO-7K4QX-M2H9T-ZP3WA-C8RVN` → `PRO-…-C8RVN` (keys without groups keep their ends). */
export function shortKey(key: string): string {
  const groups = key.split('-')
  if (groups.length >= 3) return `${groups[0]}-…-${groups[groups.length - 1]}`
  return key.length > 12 ? `${key.slice(0, 4)}…${key.slice(-4)}` : key
}

/** "Device" / "Domain"; other kinds as they come. */
export function kindLabel(kind: string): string {
  return kind === 'domain' ? 'Domain' : kind === 'device' ? 'Device' : kind
}

/** The owner as shown in the list and details: the email, "Unknown customer" when the row has none. */
export function customerLabel(a: { customer_email?: string | null }): string {
  return a.customer_email || 'Unknown customer'
}
