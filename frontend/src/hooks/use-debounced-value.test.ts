import { act, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useDebouncedValue } from './use-debounced-value'

describe('useDebouncedValue', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('follows the value once it has been still for 300 ms by default', () => {
    const { result, rerender } = renderHook(({ value }) => useDebouncedValue(value), { initialProps: { value: 'a' } })
    expect(result.current).toBe('a')

    rerender({ value: 'ab' })
    act(() => vi.advanceTimersByTime(200))
    rerender({ value: 'abc' })
    act(() => vi.advanceTimersByTime(200))
    // 400 ms since the first change, but only 200 ms since the last.
    expect(result.current).toBe('a')

    act(() => vi.advanceTimersByTime(100))
    expect(result.current).toBe('abc')
  })

  it('takes a custom delay and any type', () => {
    const { result, rerender } = renderHook(({ value }) => useDebouncedValue(value, 1000), {
      initialProps: { value: { page: 1 } },
    })
    const next = { page: 2 }
    rerender({ value: next })
    act(() => vi.advanceTimersByTime(999))
    expect(result.current).toEqual({ page: 1 })
    act(() => vi.advanceTimersByTime(1))
    expect(result.current).toBe(next)
  })
})
