import { renderHook } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { matchesHotkey, useHotkey } from './use-hotkey'

function press(init: KeyboardEventInit, target: EventTarget = window) {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })
  target.dispatchEvent(event)
  return event
}

describe('useHotkey', () => {
  it('fires on Ctrl+K and Cmd+K, even in inputs, and prevents the browser default', () => {
    const handler = vi.fn()
    renderHook(() => useHotkey('mod+k', handler))
    expect(press({ key: 'k', ctrlKey: true }).defaultPrevented).toBe(true)
    press({ key: 'K', metaKey: true })
    const input = document.body.appendChild(document.createElement('input'))
    press({ key: 'k', ctrlKey: true }, input)
    press({ key: 'k' })
    expect(handler).toHaveBeenCalledTimes(3)
    input.remove()
  })

  it('ignores plain keys typed in a field and can be disabled', () => {
    const handler = vi.fn()
    const { rerender } = renderHook(({ enabled }) => useHotkey('/', handler, { enabled }), { initialProps: { enabled: true } })
    const input = document.body.appendChild(document.createElement('input'))
    press({ key: '/' }, input)
    expect(handler).not.toHaveBeenCalled()
    press({ key: '/' })
    expect(handler).toHaveBeenCalledTimes(1)
    rerender({ enabled: false })
    press({ key: '/' })
    expect(handler).toHaveBeenCalledTimes(1)
    input.remove()
  })

  it('matches modifiers exactly', () => {
    expect(matchesHotkey(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, altKey: true }), 'mod+k')).toBe(false)
    expect(matchesHotkey(new KeyboardEvent('keydown', { key: 'Escape' }), 'escape')).toBe(true)
  })
})
