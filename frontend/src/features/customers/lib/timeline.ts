import { maskKey } from '@/lib/mask'
import { statusLabel } from '@/lib/statuses'
import type { AuditEvent } from './types'

const LABELS: Record<string, string> = {
  'customer.created': 'Account created',
  'customer.updated': 'Profile updated',
  'customer.password_reset_sent': 'Password reset email sent',
  'customer.invitation_sent': 'Invitation email sent',
  'customer.impersonated': 'Viewed as customer (read-only portal session)',
  'customer.exported': 'Customer data exported',
  'customer.erased': 'Customer erased',
  'customer.login': 'Signed in to the portal',
  'customer.login_failed': 'Portal sign-in failed',
  'customer.logout': 'Signed out of the portal',
  'customer.magic_link_requested': 'Sign-in link requested',
  'customer.password_reset_requested': 'Password reset requested',
  'customer.password_changed': 'Password changed',
  'customer.invitation_accepted': 'Invitation accepted (password set, email verified)',
  'customer.2fa_setup_started': 'Two-factor setup started',
  'customer.2fa_enabled': 'Two-factor authentication enabled',
  'customer.2fa_disabled': 'Two-factor authentication disabled',
  'license.created': 'License created',
  'license.imported': 'License imported',
  'license.assigned': 'License assigned',
  'license.transferred': 'License transferred to this customer',
  'license.transferred_away': 'License transferred to another customer',
  'license.unassigned': 'License unassigned',
  'license.updated': 'License updated',
  'license.suspended': 'License suspended',
  'license.reinstated': 'License reinstated',
  'license.revoked': 'License revoked',
  'license.renewed': 'License renewed',
  'license.deleted': 'License deleted',
  'activation.created': 'License activated',
  'activation.deactivated': 'Activation deactivated',
}

/** A readable label for an audit action: "license.assigned" → "License assigned". */
export function actionLabel(action: string): string {
  const known = LABELS[action]
  if (known) return known
  const [subject = '', ...rest] = action.split('.')
  const verb = rest.join(' ').replace(/_/g, ' ').trim()
  return statusLabel(verb ? `${subject.replace(/_/g, ' ')} ${verb}` : subject)
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null
}

/** License ids → keys seen in the events themselves (license events carry the key). */
export function licenseKeysFromEvents(events: readonly AuditEvent[]): Map<string, string> {
  const keys = new Map<string, string>()
  for (const event of events) {
    if (event.subject_type !== 'license' || !event.subject_id) continue
    const key = text(record(event.after)?.key) ?? text(record(event.before)?.key)
    if (key) keys.set(event.subject_id, key)
  }
  return keys
}

/** Who did it: "Ada Lovelace (admin)", "the customer", "the system", "license key ABCD-••••-WXYZ". */
export function actorLabel(event: AuditEvent, licenseKeys: ReadonlyMap<string, string> = new Map()): string {
  switch (event.actor_kind) {
    case 'admin':
      return `${event.actor_name ?? 'an admin'} (admin)`
    case 'api_key':
      return `API key ${event.actor_name ? `“${event.actor_name}”` : 'deleted'}`
    case 'customer':
      return 'the customer'
    case 'license_key': {
      const key = event.actor_id ? licenseKeys.get(event.actor_id) : undefined
      return key ? `license key ${maskKey(key)}` : 'the customer’s software (license key)'
    }
    case 'system':
      return 'the system'
    default:
      return 'an anonymous request'
  }
}

/** One line about what changed, from the event's before/after, or null. */
export function eventDetail(event: AuditEvent, licenseKeys: ReadonlyMap<string, string> = new Map()): string | null {
  const before = record(event.before)
  const after = record(event.after)
  const parts: string[] = []
  if (event.subject_type === 'license') {
    const key = text(after?.key) ?? text(before?.key)
    if (key) parts.push(`Key ${maskKey(key)}`)
    const reason = text(after?.revoke_reason) ?? text(after?.suspend_reason)
    if ((event.action === 'license.revoked' || event.action === 'license.suspended') && reason) parts.push(`reason: ${reason}`)
    if (event.action === 'license.renewed') {
      const expires = after?.expires_at
      parts.push(typeof expires === 'string' ? `now expires ${new Date(expires).toLocaleDateString('en-US', { dateStyle: 'medium' })}` : 'now perpetual')
    }
    if (event.action === 'license.updated' && before && after) {
      if (before.max_activations !== after.max_activations) {
        parts.push(`activation limit ${after.max_activations ?? 'unlimited'}`)
      }
      if (before.notes !== after.notes) parts.push('notes changed')
    }
  } else if (event.subject_type === 'activation') {
    const identifier = text(after?.identifier) ?? text(before?.identifier)
    const kind = text(after?.kind) ?? 'device'
    if (identifier) parts.push(`${kind === 'domain' ? 'Domain' : 'Device'} ${identifier}`)
    const licenseId = text(after?.license_id)
    const key = licenseId ? licenseKeys.get(licenseId) : undefined
    if (key) parts.push(`license ${maskKey(key)}`)
    const reason = text(after?.deactivation_reason)
    if (event.action === 'activation.deactivated' && reason) parts.push(`reason: ${reason}`)
  } else if (event.subject_type === 'customer' && before && after) {
    if (before.name !== after.name) {
      parts.push(`name ${text(before.name) ?? 'N/A'} → ${text(after.name) ?? 'N/A'}`)
    }
    if (before.status !== after.status && typeof after.status === 'string') {
      parts.push(`status ${statusLabel(String(before.status ?? ''))} → ${statusLabel(after.status)}`)
    }
  }
  return parts.length ? parts.join(', ') : null
}
