import { describe, expect, it } from 'vitest'
import { actionGroups, actionLabel, actorKindLabel, actorLabel, shortId, subjectLink, subjectTypeLabel } from './audit-labels'

describe('actionLabel', () => {
  it('reads the known actions as sentences', () => {
    expect(actionLabel('activation.deactivated')).toBe('Activation deactivated')
    expect(actionLabel('admin.login_failed')).toBe('Admin sign-in failed')
    expect(actionLabel('admin.2fa_enabled')).toBe('Two-factor turned on')
    expect(actionLabel('customer.impersonated')).toBe('Viewed as customer')
    expect(actionLabel('product.key_rotated')).toBe('Product signing key rotated')
  })

  it('spells out actions it does not know from their code', () => {
    expect(actionLabel('license.bulk_renewed')).toBe('License bulk renewed')
    expect(actionLabel('api_key.rotated')).toBe('API key rotated')
    expect(actionLabel('webhook')).toBe('Webhook')
    expect(actionLabel('')).toBe('')
  })

  it('groups the known actions for the filter', () => {
    const groups = actionGroups()
    const license = groups.find((g) => g.group === 'License')
    expect(license?.actions.map((a) => a.value)).toContain('license.suspended')
    expect(groups.find((g) => g.group === 'Signing key')?.actions.map((a) => a.value)).toEqual(['server_key.rotated'])
    expect(groups.map((g) => g.group)).toEqual([...groups.map((g) => g.group)].sort((a, b) => a.localeCompare(b)))
  })
})

describe('actors and subjects', () => {
  it('names actor kinds', () => {
    expect(actorKindLabel('api_key')).toBe('API key')
    expect(actorKindLabel('license_key')).toBe('License key')
    expect(actorKindLabel('robot_arm')).toBe('Robot arm')
  })

  it('prefers the joined name, then explains who it was', () => {
    const id = '01936f4e-1111-7cc0-8a55-0d4e3b1f2a10'
    expect(actorLabel({ actor_kind: 'admin', actor_id: id, actor_name: 'admin@localhost' })).toBe('admin@localhost')
    expect(actorLabel({ actor_kind: 'system', actor_id: null, actor_name: null })).toBe('System')
    expect(actorLabel({ actor_kind: 'anonymous', actor_id: null })).toBe('Anonymous')
    expect(actorLabel({ actor_kind: 'license_key', actor_id: id, actor_name: null })).toBe('Licensed software')
    expect(actorLabel({ actor_kind: 'customer', actor_id: id, actor_name: null })).toBe('Deleted customer 01936f4e…')
    expect(actorLabel({ actor_kind: 'api_key', actor_id: null, actor_name: null })).toBe('Unknown')
  })

  it('shortens long ids only', () => {
    expect(shortId('01936f4e-1111-7cc0-8a55-0d4e3b1f2a10')).toBe('01936f4e…')
    expect(shortId('abc')).toBe('abc')
  })

  it('labels subject types', () => {
    expect(subjectTypeLabel('signing_key')).toBe('Signing key')
    expect(subjectTypeLabel('api_key')).toBe('API key')
  })
})

describe('subjectLink', () => {
  const base = { before: null, after: null, subject_id: 'id-1' }

  it('links customers and products by id', () => {
    expect(subjectLink({ ...base, action: 'customer.updated', subject_type: 'customer' })?.to).toBe('/admin/customers/id-1')
    expect(subjectLink({ ...base, action: 'product.updated', subject_type: 'product' })?.to).toBe('/admin/products/id-1')
  })

  it('links licenses by the key in their snapshot and activations by their license', () => {
    expect(subjectLink({ ...base, action: 'license.suspended', subject_type: 'license', after: { key: 'PRO-AB CD' } })?.to).toBe(
      '/admin/licenses?search=PRO-AB+CD',
    )
    expect(
      subjectLink({ ...base, action: 'activation.deactivated', subject_type: 'activation', after: { license_id: 'lic-9' } })?.to,
    ).toBe('/admin/activations?license_id=lic-9')
    expect(subjectLink({ ...base, action: 'generator.updated', subject_type: 'generator', after: { product_id: 'p-2' } })?.to).toBe(
      '/admin/products/p-2',
    )
  })

  it('has no link for deleted or erased subjects, or when it cannot tell where', () => {
    expect(subjectLink({ ...base, action: 'product.deleted', subject_type: 'product', before: { name: 'x' } })).toBeNull()
    expect(subjectLink({ ...base, action: 'customer.erased', subject_type: 'customer' })).toBeNull()
    expect(subjectLink({ ...base, action: 'license.updated', subject_type: 'license' })).toBeNull()
    expect(subjectLink({ ...base, action: 'admin.login', subject_type: 'admin' })).toBeNull()
  })
})
