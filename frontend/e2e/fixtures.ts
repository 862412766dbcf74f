import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test'
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

/** A CSP violation a page of the test reported: a `securitypolicyviolation` event, or Chromium's console message. */
export interface CspViolation {
  via: 'event' | 'console'
  directive: string
  blocked: string
  source: string
  line: number
  sample: string
  page: string
}

interface Fixtures {
  admin: AdminCredentials
  consoleGuard: ConsoleGuard
  /**
   * Every Content-Security-Policy violation the test's pages (popups too) reported. The
   * `page` fixture fails the test on any at teardown; a test may look at them earlier.
   */
  cspViolations: CspViolation[]
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

/**
 * Chromium logs every 4xx answer to a fetch as a console error. A page load renews the
 * session from the refresh cookie, and that is a 401 whenever nobody is signed in (a fresh
 * browser on a login page): expected, so allowed everywhere.
 */
const EXPECTED_CONSOLE_ERRORS: Array<{ text: RegExp; fromUrl: string }> = [
  { text: /status of 401/, fromUrl: '/api/v1/admin/auth/refresh' },
  { text: /status of 401/, fromUrl: '/api/v1/portal/auth/refresh' },
]

/** How Chromium words a CSP violation on the console ("Refused to … Content Security Policy …"). */
const CSP_CONSOLE = /Content[- ]Security[- ]Policy/i

const CSP_BINDING = '__latchkeyE2eCspViolation'

/**
 * Reports every `securitypolicyviolation` of every page and frame of `context` (popups
 * too, and every navigation) to `sink`, from before the page's own scripts run.
 */
async function watchCsp(context: BrowserContext, sink: CspViolation[]): Promise<void> {
  await context.exposeBinding(CSP_BINDING, (_source, violation: CspViolation) => {
    sink.push(violation)
  })
  // A string: the e2e code is type-checked without the DOM library.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      window.${CSP_BINDING}?.({
        via: 'event',
        directive: event.effectiveDirective || event.violatedDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
        page: location.href,
      })
    })`,
  })
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: the e2e global setup did not run (use \`npm run e2e\`).`)
  return value
}

/**
 * `baseURL` points at the server global setup started; `admin` is its bootstrap admin.
 * Every test fails on a browser console error or uncaught page error unless the test
 * allowed that exact error with `consoleGuard.allow(...)`, and on any Content-Security-
 * Policy violation (a `securitypolicyviolation` event or a console message about one),
 * which cannot be allowed.
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

  // eslint-disable-next-line no-empty-pattern
  cspViolations: async ({}, use) => {
    await use([])
  },

  page: async ({ page, consoleGuard, cspViolations }, use) => {
    const problems: string[] = []
    const watch = (target: Page) => {
      target.on('console', (message: ConsoleMessage) => {
        const text = message.text()
        const url = message.location().url
        // Never allowed: the server's Content-Security-Policy must hold everywhere.
        if (CSP_CONSOLE.test(text)) {
          cspViolations.push({ via: 'console', directive: '', blocked: '', source: url, line: message.location().lineNumber, sample: text, page: target.url() })
          return
        }
        if (message.type() !== 'error') return
        if (EXPECTED_CONSOLE_ERRORS.some((e) => e.text.test(text) && url.includes(e.fromUrl))) return
        if (consoleGuard.isAllowed(text, url)) return
        problems.push(`console error: ${text}${url ? ` (${url})` : ''}`)
      })
      target.on('pageerror', (error) => problems.push(`uncaught page error: ${error.stack ?? error.message}`))
    }
    // The test's page and any page it opens (a "View as customer" tab).
    watch(page)
    page.context().on('page', watch)
    await watchCsp(page.context(), cspViolations)

    await use(page)

    expect(cspViolations, 'no page may violate the Content-Security-Policy').toEqual([])
    expect(problems, 'the browser console must stay free of errors').toEqual([])
  },

  adminPage: async ({ page, admin }, use) => {
    await signIn(page, admin)
    await use(page)
  },
})

export { expect }
