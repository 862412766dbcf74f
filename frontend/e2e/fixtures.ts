import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface AdminCredentials {
  email: string
  password: string
}

interface ConsoleGuard {
  /** Accept console errors matching `text` that come from a URL containing `fromUrl`. */
  allow(text: RegExp, fromUrl?: string): void
  /** Whether an error was allowed. */
  isAllowed(text: string, url: string): boolean
}

interface Fixtures {
  admin: AdminCredentials
  consoleGuard: ConsoleGuard
  /** `page`, already signed in as the bootstrap admin, on the dashboard. */
  adminPage: Page
}

const screenshotDir = fileURLToPath(new URL('../e2e-screenshots/', import.meta.url))

/**
 * Signs in through the real login form (like a person would) and waits for the
 * dashboard. Starts from `/admin/login`, so call it on a fresh page or after signing out.
 */
export async function signIn(page: Page, admin: AdminCredentials): Promise<void> {
  await page.goto('/admin/login')
  await page.getByLabel('Email', { exact: true }).fill(admin.email)
  await page.getByLabel('Password', { exact: true }).fill(admin.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(page.getByRole('banner').getByText(admin.email, { exact: true })).toBeVisible()
}

/** Saves a full-page PNG to frontend/e2e-screenshots/<name>.png (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true })
  const file = path.join(screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/**
 * A license's row in the Licenses table, found by its id: rows are named by the masked key
 * ("View license ABCD-••••-••••-WXYZ"), so the full key never is an accessible name.
 */
export function licenseRow(page: Page, license: { id: string }) {
  return page.locator(`table tbody tr[data-license-id="${license.id}"]`)
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: the e2e global setup did not run (use \`npm run e2e\`).`)
  return value
}

/**
 * `baseURL` points at the server global setup started; `admin` is its bootstrap admin.
 * Every test fails on a browser console error or uncaught page error unless the test
 * allowed that exact error with `consoleGuard.allow(...)`.
 */
export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    await use(required('LATCHKEY_E2E_BASE_URL'))
  },

  // eslint-disable-next-line no-empty-pattern
  admin: async ({}, use) => {
    await use({ email: required('LATCHKEY_E2E_ADMIN_EMAIL'), password: required('LATCHKEY_E2E_ADMIN_PASSWORD') })
  },

  // eslint-disable-next-line no-empty-pattern
  consoleGuard: async ({}, use) => {
    const allowed: Array<{ text: RegExp; fromUrl?: string }> = []
    await use({
      allow: (text, fromUrl) => {
        allowed.push({ text, fromUrl })
      },
      isAllowed: (text, url) => allowed.some((a) => a.text.test(text) && (!a.fromUrl || url.includes(a.fromUrl))),
    })
  },

  page: async ({ page, consoleGuard }, use) => {
    const problems: string[] = []
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return
      const text = message.text()
      const url = message.location().url
      if (consoleGuard.isAllowed(text, url)) return
      problems.push(`console error: ${text}${url ? ` (${url})` : ''}`)
    })
    page.on('pageerror', (error) => problems.push(`uncaught page error: ${error.stack ?? error.message}`))

    await use(page)

    expect(problems, 'the browser console must stay free of errors').toEqual([])
  },

  adminPage: async ({ page, admin }, use) => {
    await signIn(page, admin)
    await use(page)
  },
})

export { expect }
