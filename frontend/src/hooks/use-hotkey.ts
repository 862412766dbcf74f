import { useEffect, useRef } from 'react'

export interface HotkeyOptions {
  /** Off while false (e.g. while a dialog is open). Default true. */
  enabled?: boolean
  /** Also fire while typing in an input, textarea, select or contenteditable. Default: only for `mod+` combos. */
  inInputs?: boolean
  /** Call preventDefault (e.g. stops the browser's Ctrl+K). Default true. */
  preventDefault?: boolean
}

interface ParsedHotkey {
  key: string
  mod: boolean
  shift: boolean
  alt: boolean
}

/** "mod+k" → Ctrl+K (Cmd+K on macOS); also "shift+?", "escape", "/". */
export function parseHotkey(combo: string): ParsedHotkey {
  const parts = combo.toLowerCase().split('+')
  const key = parts.pop() ?? ''
  return { key, mod: parts.includes('mod') || parts.includes('ctrl') || parts.includes('meta'), shift: parts.includes('shift'), alt: parts.includes('alt') }
}

/** Whether a keyboard event is `combo` ("mod" = Ctrl or Cmd). */
export function matchesHotkey(event: KeyboardEvent, combo: string): boolean {
  const hotkey = parseHotkey(combo)
  const mod = event.ctrlKey || event.metaKey
  return (
    event.key.toLowerCase() === hotkey.key &&
    mod === hotkey.mod &&
    event.altKey === hotkey.alt &&
    (hotkey.shift ? event.shiftKey : true)
  )
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/** Calls `handler` on a global key combo, e.g. `useHotkey('mod+k', openPalette)`. */
export function useHotkey(combo: string, handler: (event: KeyboardEvent) => void, options: HotkeyOptions = {}): void {
  const { enabled = true, inInputs, preventDefault = true } = options
  const handlerRef = useRef(handler)
  useEffect(() => {
    handlerRef.current = handler
  })
  useEffect(() => {
    if (!enabled) return
    const allowInInputs = inInputs ?? parseHotkey(combo).mod
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !matchesHotkey(event, combo)) return
      if (!allowInInputs && isTyping(event.target)) return
      if (preventDefault) event.preventDefault()
      handlerRef.current(event)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [combo, enabled, inInputs, preventDefault])
}
