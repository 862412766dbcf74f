import { describe, expect, it } from 'vitest'
import { activationsDescription, activationsFull, activationsLabel, expiryLabel } from './license-display'

describe('activations cell', () => {
  it('shows used / limit, ∞ when unlimited', () => {
    expect(activationsLabel(2, 5)).toBe('2 / 5')
    expect(activationsLabel(0, null)).toBe('0 / ∞')
    expect(activationsLabel(3, undefined)).toBe('3 / ∞')
  })

  it('describes it for screen readers', () => {
    expect(activationsDescription(2, 5)).toBe('2 of 5 activations used')
    expect(activationsDescription(1, null)).toBe('1 activation used, no limit')
    expect(activationsDescription(4, null)).toBe('4 activations used, no limit')
  })

  it('knows when every slot is taken', () => {
    expect(activationsFull(3, 3)).toBe(true)
    expect(activationsFull(4, 3)).toBe(true)
    expect(activationsFull(2, 3)).toBe(false)
    expect(activationsFull(100, null)).toBe(false)
  })
})

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
