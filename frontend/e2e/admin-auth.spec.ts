import { fileURLToPath } from 'node:url'
import { expect, test } from './fixtures'

const LOGIN_API = '/api/v1/admin/auth/login'
const REFRESH_API = '/api/v1/admin/auth/refresh'
const REFRESH_COOKIE = 'latchkey_admin_refresh'
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
  // No session: no refresh cookie either.
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain(REFRESH_COOKIE)
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

  // The session survives a reload: the HttpOnly refresh cookie buys a new access token
  // (kept in memory only), and the profile comes from GET /admin/me.
  const renewed = page.waitForResponse((r) => new URL(r.url()).pathname === REFRESH_API)
  const me = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/admin/me')
  await page.reload()
  expect((await renewed).status()).toBe(200)
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

  const cookie = (await page.context().cookies()).find((c) => c.name === REFRESH_COOKIE)
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/admin/auth' })

  const logout = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/admin/auth/logout')
  await page.getByRole('button', { name: 'Sign out' }).click()
  expect((await logout).status()).toBe(204)

  await expect(page).toHaveURL(`${baseURL}/admin/login`)
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()

  // The server cleared the refresh cookie and ended the session: a copy of the cookie
  // taken before the sign-out renews nothing…
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain(REFRESH_COOKIE)
  const refresh = await page.request.post(REFRESH_API, {
    headers: { 'X-Latchkey-CSRF': '1', Cookie: `${REFRESH_COOKIE}=${cookie!.value}` },
    data: {},
    failOnStatusCode: false,
  })
  expect(refresh.status()).toBe(401)

  // …and protected pages send us to the login page again.
  await page.goto('/admin')
  await expect(page).toHaveURL(/\/admin\/login\?return=%2Fadmin$/)
})
