import { describe, expect, it } from 'vitest'
import { ASSIGN_DEFAULTS, BULK_ASSIGN_DEFAULTS, toAssignRequest, toBulkAssignRequest, validateAssign, validateBulkAssign } from './assign-form'
import { makeLicense, ownedLicense } from './test-data'

describe('validateAssign', () => {
  const free = makeLicense()
  const owned = ownedLicense('john@company.com')

  it('requires an email that looks like one', () => {
    expect(validateAssign(ASSIGN_DEFAULTS, free, false)).toEqual({ email: ['Enter the customer’s email address.'] })
    expect(validateAssign({ ...ASSIGN_DEFAULTS, email: 'john at company' }, free, false)).toEqual({ email: ['Enter a valid email address.'] })
    expect(validateAssign({ ...ASSIGN_DEFAULTS, email: ' ann@example.com ' }, free, false)).toEqual({})
  })

  it('refuses a transfer to the current owner, whatever the case', () => {
    expect(validateAssign({ ...ASSIGN_DEFAULTS, email: 'John@Company.com' }, owned, true)).toEqual({
      email: ['The license is already assigned to this email.'],
    })
    expect(validateAssign({ ...ASSIGN_DEFAULTS, email: 'john@new.com' }, owned, true)).toEqual({})
  })

  it('refuses a date it cannot read', () => {
    expect(validateAssign({ ...ASSIGN_DEFAULTS, email: 'ann@example.com', expires_at: '2027-02-30' }, free, false)).toEqual({
      expires_at: ['Enter a valid date.'],
    })
  })
})

describe('toAssignRequest', () => {
  it('trims, sends a blank name as null, the expiry when given, and keep_activations only on a transfer', () => {
    const values = { email: ' ann@example.com ', name: '  ', expires_at: '', keep_activations: true }
    expect(toAssignRequest(values, false)).toEqual({ email: 'ann@example.com', name: null })
    expect(toAssignRequest(values, true)).toEqual({ email: 'ann@example.com', name: null, keep_activations: true })
    expect(toAssignRequest({ ...values, name: ' Ann ', expires_at: '2027-01-15' }, false)).toEqual({
      email: 'ann@example.com',
      name: 'Ann',
      expires_at: '2027-01-15T23:59:59.000Z',
    })
  })
})

describe('bulk assign', () => {
  it('checks the email like the single assign', () => {
    expect(validateBulkAssign(BULK_ASSIGN_DEFAULTS)).toEqual({ email: ['Enter the customer’s email address.'] })
    expect(validateBulkAssign({ ...BULK_ASSIGN_DEFAULTS, email: 'ann@' })).toEqual({ email: ['Enter a valid email address.'] })
    expect(validateBulkAssign({ ...BULK_ASSIGN_DEFAULTS, email: 'ann@example.com' })).toEqual({})
  })

  it('sends keep_activations only when a license moves from another owner', () => {
    const free = makeLicense({ id: 'f' })
    const johns = ownedLicense('john@company.com', { id: 'j' })
    const values = { email: 'john@company.com', name: '', keep_activations: true }
    expect(toBulkAssignRequest(values, [free, johns])).toEqual({ license_ids: ['f', 'j'], email: 'john@company.com', name: null })
    expect(toBulkAssignRequest({ ...values, email: 'ann@example.com' }, [free, johns])).toEqual({
      license_ids: ['f', 'j'],
      email: 'ann@example.com',
      name: null,
      keep_activations: true,
    })
  })
})
