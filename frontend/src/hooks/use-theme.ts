import { useCallback, useState } from 'react'
import { applyTheme, initialTheme, saveTheme, type Theme } from '@/lib/theme'

/** The current theme and a toggle that applies it and remembers the choice. */
export function useTheme(): { theme: Theme; toggleTheme: () => void; setTheme: (theme: Theme) => void } {
  const [theme, setThemeState] = useState<Theme>(() =>
    globalThis.document?.documentElement.classList.contains('dark') ? 'dark' : initialTheme(),
  )
  const setTheme = useCallback((next: Theme) => {
    applyTheme(next)
    saveTheme(next)
    setThemeState(next)
  }, [])
  const toggleTheme = useCallback(() => setTheme(theme === 'dark' ? 'light' : 'dark'), [setTheme, theme])
  return { theme, toggleTheme, setTheme }
}
