import { describe, expect, it } from 'vitest'
import type { Product } from '../api/types'
import {
  isValidSlug,
  maxActivationsLabel,
  productFormValues,
  slugify,
  toCreateProductRequest,
  toUpdateProductRequest,
  validateProductForm,
  validityLabel,
} from './product-form'

const product: Product = {
  id: 'p1',
  name: 'Pro Editor',
  slug: 'pro-editor',
  description: 'The desktop editor',
  status: 'active',
  max_activations: 3,
  validity_days: null,
  send_license_email: true,
  license_count: 0,
  public_keys: [],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
}

describe('slugs', () => {
  it('derives slugs the way the server does', () => {
    expect(slugify('Pro Editor 2026!')).toBe('pro-editor-2026')
    expect(slugify('  --Ünïcode  App--')).toBe('n-code-app')
    expect(slugify('!!!')).toBe('')
    expect(slugify('a'.repeat(70)).length).toBe(64)
  })

  it('accepts lower-case words joined by single hyphens', () => {
    expect(isValidSlug('pro-editor-2')).toBe(true)
    for (const bad of ['', 'Pro', 'pro--editor', '-pro', 'pro-', 'pro editor', 'a'.repeat(65)]) expect(isValidSlug(bad)).toBe(false)
  })
})

describe('validateProductForm', () => {
  const values = productFormValues()

  it('needs a name; the slug may be left to the server on create only', () => {
    expect(validateProductForm({ ...values, name: ' ' }, 'create')).toEqual({ name: ['Enter a name.'] })
    expect(validateProductForm({ ...values, name: 'Pro' }, 'create')).toEqual({})
    expect(validateProductForm({ ...values, name: 'Pro', slug: '' }, 'edit').slug).toEqual(['Enter a slug.'])
    expect(validateProductForm({ ...values, name: '!!!' }, 'create').slug?.[0]).toMatch(/no letters or digits/)
    expect(validateProductForm({ ...values, name: 'Pro', slug: 'Pro Editor' }, 'create').slug?.[0]).toMatch(/lower-case/)
  })

  it('treats empty limits as unlimited/perpetual and checks the ranges', () => {
    expect(validateProductForm({ ...values, name: 'Pro', max_activations: '', validity_days: '' }, 'create')).toEqual({})
    const errors = validateProductForm({ ...values, name: 'Pro', max_activations: '0', validity_days: '36501' }, 'create')
    expect(errors.max_activations?.[0]).toMatch(/from 1 to 1,000,000/)
    expect(errors.validity_days?.[0]).toMatch(/from 1 to 36,500/)
    expect(validateProductForm({ ...values, name: 'Pro', max_activations: '2.5' }, 'create').max_activations).toBeDefined()
  })
})

describe('request bodies', () => {
  it('creates with nulls for unlimited and perpetual and without a blank slug', () => {
    expect(
      toCreateProductRequest({
        ...productFormValues(),
        name: ' Pro Editor ',
        description: '  ',
        max_activations: '3',
        validity_days: '',
        send_license_email: true,
      }),
    ).toEqual({
      name: 'Pro Editor',
      description: null,
      status: 'active',
      max_activations: 3,
      validity_days: null,
      send_license_email: true,
    })
    expect(toCreateProductRequest({ ...productFormValues(), name: 'Pro', slug: 'pro-x' }).slug).toBe('pro-x')
  })

  it('updates only what changed, with null to clear a limit', () => {
    const values = productFormValues(product)
    expect(toUpdateProductRequest(values, product)).toEqual({})
    expect(toUpdateProductRequest({ ...values, max_activations: '', validity_days: '365', status: 'inactive' }, product)).toEqual({
      max_activations: null,
      validity_days: 365,
      status: 'inactive',
    })
    expect(toUpdateProductRequest({ ...values, description: '' }, product)).toEqual({ description: null })
  })

  it('labels the defaults', () => {
    expect(maxActivationsLabel(null)).toBe('Unlimited')
    expect(maxActivationsLabel(1)).toBe('1 activation')
    expect(maxActivationsLabel(1500)).toBe('1,500 activations')
    expect(validityLabel(undefined)).toBe('Perpetual')
    expect(validityLabel(365)).toBe('365 days')
  })
})
