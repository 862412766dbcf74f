import { describe, expect, it } from 'vitest'
import { editFormFrom, planEdit } from './edit-license'
import { ownedLicense } from './test-data'

const now = new Date('2026-06-01T12:00:00Z')

describe('planEdit', () => {
  const license = ownedLicense('a@x.com', {
    max_activations: 3,
    validity_days: 365,
    expires_at: '2027-01-26T23:59:59Z',
    notes: 'Reseller',
    metadata: { order: 'A-1' },
  })

  it('fills the form from the license and changes nothing when untouched', () => {
    const form = editFormFrom(license)
    expect(form).toEqual({
      max_activations: '3',
      validity_days: '365',
      expires_at: '2027-01-26',
      notes: 'Reseller',
      metadata: '{\n  "order": "A-1"\n}',
    })
    expect(planEdit(license, form, now)).toEqual({ patch: null, renew: undefined, errors: {} })
  })

  it('patches only what changed, with blanks as null', () => {
    const form = { ...editFormFrom(license), max_activations: '', notes: '  ', metadata: '{"order":"A-2"}' }
    expect(planEdit(license, form, now)).toEqual({
      patch: { max_activations: null, notes: null, metadata: { order: 'A-2' } },
      renew: undefined,
      errors: {},
    })
  })

  it('renews when the expiry date changes, perpetual when cleared', () => {
    expect(planEdit(license, { ...editFormFrom(license), expires_at: '2028-01-01' }, now).renew).toEqual({
      expiresAt: '2028-01-01T23:59:59.000Z',
    })
    expect(planEdit(license, { ...editFormFrom(license), expires_at: '' }, now).renew).toEqual({ expiresAt: null })
  })

  it('reports invalid fields by their API names', () => {
    const plan = planEdit(
      license,
      { ...editFormFrom(license), max_activations: '0', validity_days: 'x', metadata: '[1]', expires_at: '2020-01-01' },
      now,
    )
    expect(Object.keys(plan.errors).sort()).toEqual(['expires_at', 'max_activations', 'metadata', 'validity_days'])
    expect(planEdit(license, { ...editFormFrom(license), metadata: '{oops' }, now).errors.metadata).toEqual(['This is not valid JSON.'])
  })
})
