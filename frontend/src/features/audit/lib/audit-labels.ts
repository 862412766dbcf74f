import type { ActorKind, AuditEvent } from '../api/types'

/**
 * Readable labels for the actions the server records (backend `audit::record` calls).
 * Unknown actions still read well through `actionLabel`'s fallback.
 */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'activation.created': 'Device or domain activated',
  'activation.deactivated': 'Activation deactivated',
  'admin.bootstrapped': 'First admin created',
  'admin.created': 'Admin created',
  'admin.updated': 'Admin updated',
  'admin.deleted': 'Admin deleted',
  'admin.login': 'Admin signed in',
  'admin.login_failed': 'Admin sign-in failed',
  'admin.logout': 'Admin signed out',
  'admin.password_changed': 'Admin password changed',
  'admin.session_revoked': 'Admin sessions revoked (refresh token reused)',
  'admin.2fa_setup_started': 'Two-factor setup started',
  'admin.2fa_enabled': 'Two-factor turned on',
  'admin.2fa_disabled': 'Two-factor turned off',
  'api_key.created': 'API key created',
  'api_key.revoked': 'API key revoked',
  'customer.created': 'Customer created',
  'customer.updated': 'Customer updated',
  'customer.erased': 'Customer erased (GDPR)',
  'customer.exported': 'Customer data exported',
  'customer.impersonated': 'Viewed as customer',
  'customer.invitation_sent': 'Invitation sent',
  'customer.password_reset_sent': 'Password reset sent',
  'customer.invitation_accepted': 'Customer accepted the invitation',
  'customer.login': 'Customer signed in',
  'customer.login_failed': 'Customer sign-in failed',
  'customer.logout': 'Customer signed out',
  'customer.magic_link_requested': 'Customer asked for a sign-in link',
  'customer.password_reset_requested': 'Customer asked for a password reset',
  'customer.password_changed': 'Customer password changed',
  'customer.2fa_setup_started': 'Customer two-factor setup started',
  'customer.2fa_enabled': 'Customer two-factor turned on',
  'customer.2fa_disabled': 'Customer two-factor turned off',
  'generator.created': 'Generator created',
  'generator.updated': 'Generator updated',
  'generator.deleted': 'Generator deleted',
  'license.created': 'License created',
  'license.imported': 'License imported',
  'license.updated': 'License updated',
  'license.assigned': 'License assigned',
  'license.transferred': 'License transferred',
  'license.transferred_away': 'License transferred away',
  'license.unassigned': 'License unassigned',
  'license.suspended': 'License suspended',
  'license.reinstated': 'License reinstated',
  'license.revoked': 'License revoked',
  'license.renewed': 'License renewed',
  'license.deleted': 'License deleted',
  'product.created': 'Product created',
  'product.updated': 'Product updated',
  'product.deleted': 'Product deleted',
  'product.key_rotated': 'Product signing key rotated',
  'server_key.rotated': 'Server signing key rotated',
  'system.seeded': 'Demo data seeded',
}

const WORDS: Readonly<Record<string, string>> = {
  api: 'API',
  '2fa': 'two-factor',
  ip: 'IP',
  id: 'ID',
  gdpr: 'GDPR',
}

function humanize(snake: string): string {
  return snake
    .split(/[_\s]+/)
    .filter(Boolean)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase())
    .join(' ')
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * `license.suspended` → "License suspended"; unknown actions are spelled out from their
 * code (`widget.frobbed_twice` → "Widget frobbed twice").
 */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action]
  if (known) return known
  const parts = action.split('.').filter(Boolean)
  if (parts.length === 0) return action
  return capitalize(parts.map(humanize).join(' '))
}

const ACTOR_KIND_LABELS: Readonly<Record<ActorKind, string>> = {
  admin: 'Admin',
  api_key: 'API key',
  customer: 'Customer',
  license_key: 'License key',
  system: 'System',
  anonymous: 'Anonymous',
}

export const ACTOR_KINDS = Object.keys(ACTOR_KIND_LABELS) as ActorKind[]

export function actorKindLabel(kind: string): string {
  return ACTOR_KIND_LABELS[kind as ActorKind] ?? capitalize(humanize(kind))
}

/** `0193…` → `01936f4e…`: enough of an id to tell rows apart. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id
}

/**
 * Who did it, as a person reads it: the joined name (admin/customer name or email, API key
 * name); the software for license keys; "System"/"Anonymous"; else the id (the actor was
 * deleted or erased).
 */
export function actorLabel(event: Pick<AuditEvent, 'actor_kind' | 'actor_id' | 'actor_name'>): string {
  if (event.actor_name) return event.actor_name
  switch (event.actor_kind) {
    case 'system':
      return 'System'
    case 'anonymous':
      return 'Anonymous'
    case 'license_key':
      return 'Licensed software'
    default:
      return event.actor_id ? `Deleted ${actorKindLabel(event.actor_kind).toLowerCase()} ${shortId(event.actor_id)}` : 'Unknown'
  }
}

const SUBJECT_LABELS: Readonly<Record<string, string>> = {
  activation: 'Activation',
  admin: 'Admin',
  api_key: 'API key',
  customer: 'Customer',
  generator: 'Generator',
  license: 'License',
  product: 'Product',
  signing_key: 'Signing key',
  system: 'System',
}

/** The subject types the server records, for the filter. */
export const SUBJECT_TYPES = Object.keys(SUBJECT_LABELS)

export function subjectTypeLabel(type: string): string {
  return SUBJECT_LABELS[type] ?? capitalize(humanize(type))
}

function field(value: unknown, name: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const v = (value as Record<string, unknown>)[name]
  return typeof v === 'string' && v !== '' ? v : null
}

/** A field of the event's `after` (or, for deletions, `before`) snapshot. */
export function snapshotField(event: Pick<AuditEvent, 'before' | 'after'>, name: string): string | null {
  return field(event.after, name) ?? field(event.before, name)
}

export interface SubjectLink {
  to: string
  /** The accessible name, e.g. "Open customer". */
  label: string
}

/**
 * Where the subject lives in the admin app, when it still can: customers and products by
 * id, licenses by key (from the snapshot), activations by their license, generators on
 * their product's page. Deleted and erased subjects have no link.
 */
export function subjectLink(event: Pick<AuditEvent, 'action' | 'subject_type' | 'subject_id' | 'before' | 'after'>): SubjectLink | null {
  const id = event.subject_id
  if (event.action.endsWith('.deleted') || event.action === 'customer.erased') return null
  switch (event.subject_type) {
    case 'customer':
      return id ? { to: `/admin/customers/${encodeURIComponent(id)}`, label: 'Open customer' } : null
    case 'product':
      return id ? { to: `/admin/products/${encodeURIComponent(id)}`, label: 'Open product' } : null
    case 'generator': {
      const productId = snapshotField(event, 'product_id')
      return productId ? { to: `/admin/products/${encodeURIComponent(productId)}`, label: "Open the generator's product" } : null
    }
    case 'license': {
      const key = snapshotField(event, 'key')
      return key ? { to: `/admin/licenses?${new URLSearchParams({ search: key })}`, label: 'Open license' } : null
    }
    case 'activation': {
      const licenseId = snapshotField(event, 'license_id')
      return licenseId
        ? { to: `/admin/activations?${new URLSearchParams({ license_id: licenseId })}`, label: "Open the license's activations" }
        : null
    }
    case 'api_key':
      return { to: '/admin/api-keys', label: 'Open API keys' }
    default:
      return null
  }
}

/** Known actions grouped by what they are about, for the action filter. */
export function actionGroups(): Array<{ group: string; actions: Array<{ value: string; label: string }> }> {
  const groups = new Map<string, Array<{ value: string; label: string }>>()
  for (const [value, label] of Object.entries(ACTION_LABELS)) {
    const prefix = value.split('.')[0] ?? value
    const group = prefix === 'server_key' ? 'Signing key' : subjectTypeLabel(prefix)
    const list = groups.get(group) ?? []
    list.push({ value, label })
    groups.set(group, list)
  }
  return [...groups.entries()]
    .map(([group, actions]) => ({ group, actions: actions.sort((a, b) => a.label.localeCompare(b.label)) }))
    .sort((a, b) => a.group.localeCompare(b.group))
}
