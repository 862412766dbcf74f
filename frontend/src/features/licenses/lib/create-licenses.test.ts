import { describe, expect, it } from 'vitest'
import { assignAfterCreate, CREATE_LICENSES_DEFAULTS, toCreateLicenseRequest, validateCreateLicenses } from './create-licenses'

const now = new Date('2026-06-01T12:00:00Z')
const one = { ...CREATE_LICENSES_DEFAULTS, product_id: 'prod-1' }
const batch = { ...one, mode: 'batch' as const, generator_id: 'gen-1' }

describe('validateCreateLicenses', () => {
  it('needs a product, and for a batch a generator and 1 to 10,000 keys', () => {
    expect(validateCreateLicenses(CREATE_LICENSES_DEFAULTS, now)).toEqual({ product_id: ['Choose a product.'] })
    expect(validateCreateLicenses(one, now)).toEqual({})
    expect(validateCreateLicenses({ ...batch, generator_id: '', count: '0' }, now)).toEqual({
      generator_id: ['Choose a generator.'],
      count: ['Enter 1 to 10,000.'],
    })
    expect(validateCreateLicenses({ ...batch, count: '10001' }, now).count).toEqual(['Enter 1 to 10,000.'])
    expect(validateCreateLicenses({ ...batch, count: '2.5' }, now).count).toEqual(['Enter 1 to 10,000.'])
    expect(validateCreateLicenses(batch, now)).toEqual({})
  })

  it('checks the limit, a future expiry, the key and the email', () => {
    expect(validateCreateLicenses({ ...one, max_activations: '0', expires_at: '2026-05-31', key: 'a b', email: 'nobody' }, now)).toEqual({
      max_activations: ['Enter a whole number of at least 1.'],
      expires_at: ['Choose a date in the future.'],
      key: ['A key is 4 to 200 printable characters without spaces.'],
      email: ['Enter a valid email address.'],
    })
    expect(validateCreateLicenses({ ...one, max_activations: '2', expires_at: '2026-06-02', key: 'ABCD', email: 'a@b' }, now)).toEqual({})
  })

  it('ignores the key and the email of a batch (they are not shown)', () => {
    expect(validateCreateLicenses({ ...batch, key: 'x', email: 'nobody' }, now)).toEqual({})
  })
})

describe('toCreateLicenseRequest', () => {
  it('sends blanks as null, the key for one license and the count for a batch', () => {
    expect(toCreateLicenseRequest({ ...one, key: ' MY-KEY ', notes: '  ' })).toEqual({
      product_id: 'prod-1',
      generator_id: null,
      max_activations: null,
      expires_at: null,
      notes: null,
      key: 'MY-KEY',
    })
    expect(toCreateLicenseRequest({ ...batch, count: '25', key: 'ignored', max_activations: '3', expires_at: '2027-01-15', notes: ' A-1 ' })).toEqual({
      product_id: 'prod-1',
      generator_id: 'gen-1',
      max_activations: 3,
      expires_at: '2027-01-15T23:59:59.000Z',
      notes: 'A-1',
      count: 25,
    })
  })
})

describe('assignAfterCreate', () => {
  it('assigns one license with an email, never a batch', () => {
    expect(assignAfterCreate(one)).toBeNull()
    expect(assignAfterCreate({ ...one, email: ' ann@example.com ', name: ' ' })).toEqual({ email: 'ann@example.com', name: null })
    expect(assignAfterCreate({ ...one, email: 'ann@example.com', name: 'Ann' })).toEqual({ email: 'ann@example.com', name: 'Ann' })
    expect(assignAfterCreate({ ...batch, email: 'ann@example.com' })).toBeNull()
  })
})
