import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from '@/app'
import { purgeLegacySessionKeys } from '@/lib/legacy-storage'
import { applyTheme, initialTheme } from '@/lib/theme'
import './index.css'

// Tokens that older versions kept in Web Storage go; sessions live in memory now.
purgeLegacySessionKeys()
// Before the first render, so the page does not flash the wrong theme.
applyTheme(initialTheme())

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
