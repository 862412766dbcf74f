import { describe, expect, it } from 'vitest'
import { makeLicense } from '../testing/helpers'
import {
  licenseSettingsValues,
  planLicenseSettings,
  toCreateAndAssign,
  toSaveLicenseSettings,
  validateAssignLicense,
  validateTransfer,
} from './license-forms'

describe('planLicenseSettings', () => {
  const license = makeLicense({ max_activations: 5, expires_at: '2027-01-26T23:59:59Z', notes: 'Reseller' })

  it('starts from the license and changes nothing when untouched', () => {
    const values = licenseSettingsValues(license)
    expect(values).toEqual({ unlimited: false, max_activations: '5', perpetual: false, expires_at: '2027-01-26', notes: 'Reseller' })
    const plan = planLicenseSettings(license, values)
    expect(plan).toEqual({ errors: {}, changes: {}, expiresAt: undefined })
    expect(toSaveLicenseSettings(license, plan)).toBeNull()
  })

  it('sends only what changed: unlimited as null, blank notes as null, perpetual as a null expiry', () => {
    const plan = planLicenseSettings(license, { ...licenseSettingsValues(license), unlimited: true, notes: ' ', perpetual: true })
    expect(plan).toEqual({ errors: {}, changes: { max_activations: null, notes: null }, expiresAt: null })
    expect(toSaveLicenseSettings(license, plan)).toEqual({ id: license.id, changes: { max_activations: null, notes: null }, expiresAt: null })
  })

  it('renews to a new date, at the end of that day', () => {
    expect(planLicenseSettings(license, { ...licenseSettingsValues(license), expires_at: '2028-03-01' }).expiresAt).toBe(
      '2028-03-01T23:59:59.000Z',
    )
  })

  it('asks for a limit unless unlimited, and for a date unless perpetual', () => {
    const plan = planLicenseSettings(license, { ...licenseSettingsValues(license), max_activations: '0', expires_at: '' })
    expect(plan.errors).toEqual({
      max_activations: ['Enter a whole number of at least 1, or choose Unlimited.'],
      expires_at: ['Pick an expiry date, or choose Never expires.'],
    })
    expect(planLicenseSettings(license, { ...licenseSettingsValues(license), max_activations: '', unlimited: true }).errors).toEqual({})
  })
})

describe('validateTransfer', () => {
  const license = makeLicense({ customer_email: 'john@example.com' })

  it('needs an email other than the current owner’s', () => {
    expect(validateTransfer(license, { email: ' ', keep_activations: false })).toEqual({ email: ['Enter the email of the new owner.'] })
    expect(validateTransfer(license, { email: 'JOHN@example.com ', keep_activations: false })).toEqual({
      email: ['The license already belongs to this email.'],
    })
    expect(validateTransfer(license, { email: 'john@new.example', keep_activations: false })).toEqual({})
  })
})

describe('assign new license', () => {
  it('needs a product and, when given, a whole number of activations', () => {
    expect(validateAssignLicense({ product_id: '', max_activations: '0', notes: '' })).toEqual({
      product_id: ['Choose a product.'],
      max_activations: ['Enter a whole number of at least 1, or leave empty.'],
    })
    expect(validateAssignLicense({ product_id: 'p-1', max_activations: '1.5', notes: '' }).max_activations).toBeDefined()
    expect(validateAssignLicense({ product_id: 'p-1', max_activations: '', notes: '' })).toEqual({})
  })

  it('creates for this customer, with blanks as the defaults', () => {
    expect(toCreateAndAssign({ product_id: 'p-1', max_activations: '', notes: '  ' }, 'john@example.com')).toEqual({
      product_id: 'p-1',
      email: 'john@example.com',
      max_activations: null,
      notes: null,
    })
    expect(toCreateAndAssign({ product_id: 'p-1', max_activations: '4', notes: ' A-1 ' }, 'john@example.com')).toEqual({
      product_id: 'p-1',
      email: 'john@example.com',
      max_activations: 4,
      notes: 'A-1',
    })
  })
})
