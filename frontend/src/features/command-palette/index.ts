// Public surface of the command palette. src/app/routes/admin-root.tsx loads it with
// import() on first open, so it stays out of the initial bundle.
export { CommandPalette, type CommandPaletteProps } from './components/command-palette'
