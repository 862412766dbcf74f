import { describe, expect, it } from 'vitest'
import { activationsDescription, activationsFull, activationsLabel } from './activations'

describe('activations', () => {
  it('shows used / limit, "Unlimited" without a limit', () => {
    expect(activationsLabel(2, 5)).toBe('2 / 5')
    expect(activationsLabel(0, 1)).toBe('0 / 1')
    expect(activationsLabel(2, null)).toBe('2 / Unlimited')
    expect(activationsLabel(3, undefined)).toBe('3 / Unlimited')
  })

  it('describes the count for screen readers', () => {
    expect(activationsDescription(2, 5)).toBe('2 of 5 activations used')
    expect(activationsDescription(1, null)).toBe('1 activation used, no limit')
    expect(activationsDescription(4, null)).toBe('4 activations used, no limit')
  })

  it('is full when every slot is taken', () => {
    expect(activationsFull(3, 3)).toBe(true)
    expect(activationsFull(4, 3)).toBe(true)
    expect(activationsFull(2, 3)).toBe(false)
    expect(activationsFull(100, null)).toBe(false)
  })
})
