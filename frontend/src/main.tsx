import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from '@/app'
import { applyTheme, initialTheme } from '@/lib/theme'
import './index.css'

// Before the first render, so the page does not flash the wrong theme.
applyTheme(initialTheme())

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
