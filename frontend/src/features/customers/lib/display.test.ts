import { describe, expect, it } from 'vitest'
import { displayName, licenseCountLabel, transferable } from './display'
import { actionLabel, actorLabel } from './timeline'
import type { AuditEvent } from './types'

describe('customer display helpers', () => {
  it('writes the license badge in the singular or plural', () => {
    expect(licenseCountLabel(0)).toBe('0 Licenses')
    expect(licenseCountLabel(1)).toBe('1 License')
    expect(licenseCountLabel(3)).toBe('3 Licenses')
    expect(licenseCountLabel(1234)).toBe('1,234 Licenses')
  })

  it('offers a transfer only for assigned or active licenses', () => {
    expect(transferable({ status: 'assigned' })).toBe(true)
    expect(transferable({ status: 'active' })).toBe(true)
    for (const status of ['available', 'suspended', 'expired', 'revoked']) expect(transferable({ status })).toBe(false)
  })

  it('shows N/A for a missing or blank name', () => {
    expect(displayName('John Smith')).toBe('John Smith')
    expect(displayName(null)).toBe('N/A')
    expect(displayName(undefined)).toBe('N/A')
    expect(displayName('   ')).toBe('N/A')
  })
})

describe('timeline labels', () => {
  const event = (overrides: Partial<AuditEvent>): AuditEvent => ({
    id: 'e',
    occurred_at: '2026-01-26T14:03:00Z',
    actor_kind: 'system',
    action: 'customer.created',
    subject_type: 'customer',
    ...overrides,
  })

  it('turns actions into readable labels, also unknown ones', () => {
    expect(actionLabel('license.assigned')).toBe('License assigned')
    expect(actionLabel('activation.deactivated')).toBe('Activation deactivated')
    expect(actionLabel('customer.password_reset_sent')).toBe('Password reset email sent')
    expect(actionLabel('download.file_fetched')).toBe('Download file fetched')
  })

  it('says who did it', () => {
    expect(actorLabel(event({ actor_kind: 'admin', actor_name: 'ada@example.com' }))).toBe('ada@example.com (admin)')
    expect(actorLabel(event({ actor_kind: 'customer' }))).toBe('the customer')
    expect(actorLabel(event({ actor_kind: 'system' }))).toBe('the system')
    expect(actorLabel(event({ actor_kind: 'license_key', actor_id: 'l-1' }), new Map([['l-1', 'ABCD-EFGH-JKLM-WXYZ']]))).toBe(
      'license key ABCD-••••-••••-WXYZ',
    )
  })
})
