import { fileURLToPath } from 'node:url'
import { expect, test } from './fixtures'

const SESSION_KEY = 'latchkey.admin.session'
const LOGIN_API = '/api/v1/admin/auth/login'
const dashboardScreenshot = fileURLToPath(new URL('../test-results/dashboard.png', import.meta.url))

// One server, one bootstrap admin: run in order.
test.describe.configure({ mode: 'serial' })

test('a wrong password shows the error detail from the server', async ({ page, admin, consoleGuard }) => {
  // Chromium logs every 4xx fetch as a console error; this one is expected.
  consoleGuard.allow(/status of 401/, LOGIN_API)

  await page.goto('/admin/login')
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await page.getByLabel('Email', { exact: true }).fill(admin.email)
  await page.getByLabel('Password', { exact: true }).fill(`${admin.password}-wrong`)

  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === LOGIN_API && r.request().method() === 'POST')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const response = await answer

  expect(response.status()).toBe(401)
  expect(response.headers()['content-type']).toContain('application/problem+json')
  const problem = (await response.json()) as { code: string; detail?: string; title: string }
  expect(problem.code).toBe('invalid_credentials')
  const message = problem.detail || problem.title
  await expect(page.getByRole('alert')).toContainText(message)
  await expect(page).toHaveURL(/\/admin\/login$/)
  expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull()
})

test('the bootstrap admin signs in, stays signed in across a reload, and signs out', async ({
  page,
  admin,
  baseURL,
}) => {
  // A protected URL sends us to the login page, which sends us back afterwards.
  await page.goto('/admin')
  await expect(page).toHaveURL(/\/admin\/login\?return=%2Fadmin$/)

  await page.getByLabel('Email', { exact: true }).fill(admin.email)
  await page.getByLabel('Password', { exact: true }).fill(admin.password)
  await page.getByLabel('Password', { exact: true }).press('Enter')

  await expect(page).toHaveURL(`${baseURL}/admin`)
  const banner = page.getByRole('banner')
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(banner.getByText(admin.email, { exact: true })).toBeVisible()
  await expect(banner.getByText('Super admin', { exact: true })).toBeVisible()
  await expect(page.getByText(/^Welcome, .+/)).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /API docs/ })).toHaveAttribute(
    'href',
    '/api/docs',
  )
  await page.screenshot({ path: dashboardScreenshot, fullPage: true })

  // The session survives a reload (tokens in localStorage, profile from GET /admin/me).
  const me = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/admin/me')
  await page.reload()
  expect((await me).status()).toBe(200)
  await expect(page).toHaveURL(`${baseURL}/admin`)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(banner.getByText(admin.email, { exact: true })).toBeVisible()

  // A direct deep link is served by the SPA fallback and keeps the shell.
  await page.goto('/admin/no-such-page')
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await expect(banner.getByText(admin.email, { exact: true })).toBeVisible()
  await page.getByRole('link', { name: 'Back to the dashboard' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()

  const session = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), SESSION_KEY)
  expect(session?.refresh_token).toBeTruthy()

  const logout = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/admin/auth/logout')
  await page.getByRole('button', { name: 'Sign out' }).click()
  expect((await logout).status()).toBe(204)

  await expect(page).toHaveURL(`${baseURL}/admin/login`)
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull()

  // The server revoked the refresh token…
  const refresh = await page.request.post('/api/v1/admin/auth/refresh', {
    data: { refresh_token: session.refresh_token },
    failOnStatusCode: false,
  })
  expect(refresh.status()).toBe(401)

  // …and protected pages send us to the login page again.
  await page.goto('/admin')
  await expect(page).toHaveURL(/\/admin\/login\?return=%2Fadmin$/)
})
