import { describe, expect, it } from 'vitest'
import type { Generator } from '../api/types'
import {
  DEFAULT_CHARSET,
  entropyBits,
  formatSummary,
  generatorFormValues,
  keyLength,
  keyPattern,
  toCreateGeneratorRequest,
  toUpdateGeneratorRequest,
  validateGeneratorForm,
  type GeneratorFormValues,
} from './generator-form'

const valid: GeneratorFormValues = { ...generatorFormValues(), name: 'Retail keys', prefix: 'PRO-' }

const generator: Generator = {
  id: 'g1',
  product_id: 'p1',
  name: 'Retail keys',
  format: 'chunks',
  prefix: 'PRO-',
  suffix: '',
  chunk_count: 4,
  chunk_length: 5,
  charset: DEFAULT_CHARSET,
  separator: '-',
  max_activations: null,
  validity_days: null,
  entropy_bits: 100,
  example: 'PRO-7K4QX-M2H9T-ZP3WA-C8RVN',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
}

describe('generator defaults and key shape', () => {
  it('starts from the server defaults', () => {
    expect(generatorFormValues()).toMatchObject({ format: 'chunks', chunk_count: '4', chunk_length: '5', charset: DEFAULT_CHARSET, separator: '-' })
  })

  it('computes strength, length and pattern as the server does', () => {
    expect(entropyBits(valid)).toBe(100) // 20 characters × log2(32)
    expect(keyLength(valid)).toBe(4 + 20 + 3)
    expect(keyPattern(valid)).toBe('PRO-XXXXX-XXXXX-XXXXX-XXXXX')
    expect(entropyBits({ ...valid, format: 'uuid' })).toBe(122)
    expect(keyLength({ ...valid, format: 'uuid', suffix: '-X' })).toBe(4 + 36 + 2)
    expect(keyPattern({ ...valid, format: 'uuid' })).toBe('PRO-xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx')
    expect(entropyBits({ ...valid, chunk_count: '' })).toBeNull()
    expect(keyPattern({ ...valid, chunk_count: '0' })).toBe('PRO-…')
  })

  it('summarises a format', () => {
    expect(formatSummary(generator)).toBe('4 × 5 from 32 characters')
    expect(formatSummary({ ...generator, format: 'uuid' })).toBe('UUID v4')
  })
})

describe('validateGeneratorForm', () => {
  it('accepts the defaults with a name', () => {
    expect(validateGeneratorForm(valid)).toEqual({})
  })

  it('needs a name', () => {
    expect(validateGeneratorForm({ ...valid, name: '  ' }).name).toEqual(['Enter a name.'])
  })

  it('refuses spaces and long prefixes or suffixes', () => {
    expect(validateGeneratorForm({ ...valid, prefix: 'PRO ' }).prefix).toBeDefined()
    expect(validateGeneratorForm({ ...valid, suffix: 'X'.repeat(33) }).suffix).toBeDefined()
  })

  it('checks group count and length ranges', () => {
    expect(validateGeneratorForm({ ...valid, chunk_count: '0' }).chunk_count?.[0]).toMatch(/1 to 16/)
    expect(validateGeneratorForm({ ...valid, chunk_count: '17' }).chunk_count).toBeDefined()
    expect(validateGeneratorForm({ ...valid, chunk_length: '33' }).chunk_length?.[0]).toMatch(/1 to 32/)
    expect(validateGeneratorForm({ ...valid, chunk_length: 'x' }).chunk_length).toBeDefined()
  })

  it('needs a charset of at least two distinct printable characters', () => {
    expect(validateGeneratorForm({ ...valid, charset: 'A' }).charset).toBeDefined()
    expect(validateGeneratorForm({ ...valid, charset: 'ABCA' }).charset?.[0]).toMatch(/only once/)
    expect(validateGeneratorForm({ ...valid, charset: 'AB C' }).charset).toBeDefined()
  })

  it('keeps the separator out of the charset', () => {
    expect(validateGeneratorForm({ ...valid, separator: 'A' }).separator).toBeDefined()
    expect(validateGeneratorForm({ ...valid, separator: '----' }).separator).toBeDefined()
    expect(validateGeneratorForm({ ...valid, separator: '' })).toEqual({})
  })

  it('refuses guessable keys (under 40 random bits)', () => {
    // 2 × 3 characters from 32 = 30 bits.
    const errors = validateGeneratorForm({ ...valid, chunk_count: '2', chunk_length: '3' })
    expect(errors.chunk_length?.[0]).toMatch(/30 random bits, at least 40/)
    // 8 × 5 from 2 characters = 40 bits: just enough.
    expect(validateGeneratorForm({ ...valid, chunk_count: '8', chunk_length: '5', charset: '01' })).toEqual({})
  })

  it('refuses keys longer than 200 characters', () => {
    expect(validateGeneratorForm({ ...valid, chunk_count: '16', chunk_length: '32' }).chunk_count?.[0]).toMatch(/longer than 200/)
  })

  it('ignores the chunk fields for UUID keys', () => {
    expect(validateGeneratorForm({ ...valid, format: 'uuid', chunk_count: '0', charset: 'A' })).toEqual({})
  })

  it('checks the license overrides', () => {
    const errors = validateGeneratorForm({ ...valid, max_activations: '0', validity_days: '-1' })
    expect(errors.max_activations).toBeDefined()
    expect(errors.validity_days).toBeDefined()
  })
})

describe('generator request bodies', () => {
  it('creates chunk generators with every field and UUID ones without chunk fields', () => {
    expect(toCreateGeneratorRequest({ ...valid, max_activations: '2' })).toEqual({
      name: 'Retail keys',
      format: 'chunks',
      prefix: 'PRO-',
      suffix: '',
      chunk_count: 4,
      chunk_length: 5,
      charset: DEFAULT_CHARSET,
      separator: '-',
      max_activations: 2,
      validity_days: null,
    })
    expect(toCreateGeneratorRequest({ ...valid, format: 'uuid' })).toEqual({
      name: 'Retail keys',
      format: 'uuid',
      prefix: 'PRO-',
      suffix: '',
      max_activations: null,
      validity_days: null,
    })
  })

  it('updates only what changed', () => {
    const values = generatorFormValues(generator)
    expect(toUpdateGeneratorRequest(values, generator)).toEqual({})
    expect(toUpdateGeneratorRequest({ ...values, prefix: 'PRO2-', chunk_length: '6', validity_days: '30' }, generator)).toEqual({
      prefix: 'PRO2-',
      chunk_length: 6,
      validity_days: 30,
    })
    expect(toUpdateGeneratorRequest({ ...values, format: 'uuid', chunk_length: '9' }, generator)).toEqual({ format: 'uuid' })
    expect(toUpdateGeneratorRequest(values, { ...generator, max_activations: 5 })).toEqual({ max_activations: null })
  })
})
