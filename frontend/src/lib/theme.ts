export type Theme = 'light' | 'dark'

export const THEME_KEY = 'latchkey.theme'

export function storedTheme(): Theme | null {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY)
    return value === 'light' || value === 'dark' ? value : null
  } catch {
    return null
  }
}

export function systemTheme(): Theme {
  const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)')
  return query?.matches ? 'dark' : 'light'
}

/** The saved choice, else what the operating system prefers. */
export function initialTheme(): Theme {
  return storedTheme() ?? systemTheme()
}

export function applyTheme(theme: Theme): void {
  const root = globalThis.document?.documentElement
  if (!root) return
  root.classList.toggle('dark', theme === 'dark')
  root.style.colorScheme = theme
}

export function saveTheme(theme: Theme): void {
  try {
    globalThis.localStorage?.setItem(THEME_KEY, theme)
  } catch {
    // Private mode or storage full: the theme still applies for this visit.
  }
}
