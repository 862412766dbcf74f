// Times admin pages in a real browser (system Chromium) against a running server: from
// navigation to the page's table showing its first row, several times each after one
// warm-up. For the large seeded database (see docs/benchmarks.md):
//
//   LATCHKEY_URL=http://127.0.0.1:8080 LATCHKEY_ADMIN_EMAIL=… LATCHKEY_ADMIN_PASSWORD=… \
//   node scripts/time-pages.mjs /admin/customers/ID /admin/licenses …
//
// Prints one Markdown row per page: p50 / p95 / max in milliseconds.
import { chromium } from '@playwright/test'

const base = process.env.LATCHKEY_URL ?? 'http://127.0.0.1:8080'
const email = process.env.LATCHKEY_ADMIN_EMAIL
const password = process.env.LATCHKEY_ADMIN_PASSWORD
const runs = Number(process.env.RUNS ?? 10)
const pages = process.argv.slice(2)
if (!email || !password || pages.length === 0) {
  console.error('usage: LATCHKEY_ADMIN_EMAIL=… LATCHKEY_ADMIN_PASSWORD=… node scripts/time-pages.mjs PATH…')
  process.exit(2)
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
})
const page = await browser.newPage()
await page.goto(`${base}/admin/login`)
await page.getByLabel('Email', { exact: true }).fill(email)
await page.getByLabel('Password', { exact: true }).fill(password)
await page.getByRole('button', { name: 'Sign in' }).click()
await page.waitForURL(/\/admin$/)

/** Milliseconds from navigation to the first table row with data on screen. */
async function open(path) {
  const started = performance.now()
  await page.goto(`${base}${path}`)
  await page.locator('table tbody tr td').first().waitFor({ state: 'visible', timeout: 60_000 })
  return performance.now() - started
}

console.log(`| page | p50 / p95 / max (${runs} loads after a warm-up) |`)
console.log('|---|---|')
for (const path of pages) {
  await open(path)
  const times = []
  for (let i = 0; i < runs; i++) times.push(await open(path))
  times.sort((a, b) => a - b)
  const at = (q) => times[Math.min(times.length, Math.max(1, Math.ceil(times.length * q))) - 1]
  const ms = (t) => `${Math.round(t)} ms`
  console.log(`| \`${path}\` | ${ms(at(0.5))} / ${ms(at(0.95))} / ${ms(times[times.length - 1])} |`)
}
await browser.close()
