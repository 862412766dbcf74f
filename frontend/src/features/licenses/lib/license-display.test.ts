import { describe, expect, it } from 'vitest'
import { expiryLabel } from './license-display'

describe('expiryLabel', () => {
  it('formats the date, or says Never', () => {
    expect(expiryLabel({ expires_at: '2027-01-26T10:00:00Z', validity_days: 365, customer_id: 'c' })).toBe('Jan 26, 2027')
    expect(expiryLabel({ expires_at: null, validity_days: null, customer_id: null })).toBe('Never')
    expect(expiryLabel({ expires_at: null, validity_days: 30, customer_id: 'c' })).toBe('Never')
  })

  it('says when the clock starts for an unassigned license with a validity', () => {
    expect(expiryLabel({ expires_at: null, validity_days: 365, customer_id: null })).toBe('365 days after assignment')
    expect(expiryLabel({ expires_at: null, validity_days: 1, customer_id: null })).toBe('1 day after assignment')
  })
})
