import type { Page, Response } from '@playwright/test'
import { AdminApi } from './api'
import { expect, signIn, test } from './fixtures'
import { customerWithPassword, signInToPortal, unique } from './portal-helpers'

// The browser-facing security model against the real server: access tokens in memory only,
// refresh tokens in HttpOnly SameSite=Strict cookies, a page load restoring the session
// from that cookie, and the security headers (CSP and friends). The fixture fails every test
// of the suite on a CSP violation; the last test here shows that it notices one.

const ADMIN_LOGIN = '/api/v1/admin/auth/login'
const ADMIN_REFRESH = '/api/v1/admin/auth/refresh'
const PORTAL_LOGIN = '/api/v1/portal/auth/login'
const PORTAL_REFRESH = '/api/v1/portal/auth/refresh'

interface StorageEntry {
  storage: 'localStorage' | 'sessionStorage'
  key: string
  value: string
}

/** Everything the page keeps in localStorage and sessionStorage. */
function webStorage(page: Page): Promise<StorageEntry[]> {
  return page.evaluate(`(() => {
    const out = []
    for (const [storage, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i)
        out.push({ storage, key, value: store.getItem(key) })
      }
    }
    return out
  })()`)
}

/**
 * Web Storage holds nothing token-like: none of `tokens`, nothing that looks like a JWT,
 * no key or value that mentions a refresh token, a token or a session.
 */
async function expectNoTokensInWebStorage(page: Page, tokens: string[]): Promise<void> {
  const entries = await webStorage(page)
  for (const entry of entries) {
    const text = `${entry.storage}[${entry.key}] = ${entry.value}`
    for (const token of tokens) expect(entry.value, text).not.toContain(token)
    expect(`${entry.key} ${entry.value}`, text).not.toContain('eyJ')
    expect(`${entry.key} ${entry.value}`, text).not.toMatch(/refresh|token|session/i)
  }
}

/** The `Set-Cookie` lines of an answer (Playwright reads them from the network layer). */
async function setCookies(response: Response): Promise<string[]> {
  return (await response.headersArray()).filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value)
}

function expectRefreshCookie(lines: string[], name: string, path: string): void {
  const line = lines.find((l) => l.startsWith(`${name}=`))
  expect(line, `Set-Cookie ${name}`).toBeTruthy()
  expect(line).toMatch(/;\s*HttpOnly(;|$)/i)
  expect(line).toMatch(/;\s*SameSite=Strict(;|$)/i)
  expect(line).toContain(`Path=${path}`)
}

function pathIs(path: string, method = 'POST') {
  return (r: Response) => new URL(r.url()).pathname === path && r.request().method() === method
}

/** The CSP of an answer as directive → sources. */
function directives(policy: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of (policy ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) out.set(name.toLowerCase(), sources)
  }
  return out
}

test('an admin stays signed in across a reload through the HttpOnly cookie; Web Storage holds no token', async ({ page, admin }) => {
  const login = page.waitForResponse(pathIs(ADMIN_LOGIN))
  await signIn(page, admin)
  const loginAnswer = await login
  const signedIn = (await loginAnswer.json()) as { access_token: string; refresh_token?: string }
  expect(signedIn.access_token).toMatch(/^eyJ/)
  // The browser's sign-in answer carries no refresh token: it is in the cookie.
  expect(signedIn).not.toHaveProperty('refresh_token')
  expectRefreshCookie(await setCookies(loginAnswer), 'latchkey_admin_refresh', '/api/v1/admin/auth')
  expect(await page.evaluate('document.cookie')).not.toContain('latchkey_')
  await expectNoTokensInWebStorage(page, [signedIn.access_token])

  // A reload forgets the access token (memory only) and renews it with the cookie.
  const renewal = page.waitForResponse(pathIs(ADMIN_REFRESH))
  await page.reload()
  const renewed = await renewal
  expect(renewed.status()).toBe(200)
  expect(await renewed.request().headerValue('x-latchkey-csrf')).toBe('1')
  expect(renewed.request().postDataJSON()).toEqual({})
  const fresh = (await renewed.json()) as { access_token: string }
  expect(fresh).not.toHaveProperty('refresh_token')
  // The cookie rotated, still HttpOnly and SameSite=Strict.
  expectRefreshCookie(await setCookies(renewed), 'latchkey_admin_refresh', '/api/v1/admin/auth')

  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(page.getByRole('banner').getByText(admin.email, { exact: true })).toBeVisible()
  await expectNoTokensInWebStorage(page, [signedIn.access_token, fresh.access_token])
  expect(await page.evaluate('document.cookie')).not.toContain('latchkey_')

  // A deep link in a new tab of the same browser is signed in too (the cookie), one tab at a time.
  const other = await page.context().newPage()
  await other.goto('/admin/customers')
  await expect(other.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible()
  await other.close()
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
})

test('a customer stays signed in to the portal across a reload; Web Storage holds no token', async ({ page, request, admin, baseURL }) => {
  const api = await AdminApi.signIn(request, admin)
  const customer = await customerWithPassword(api, request, baseURL!, 'security')

  const login = page.waitForResponse(pathIs(PORTAL_LOGIN))
  await signInToPortal(page, customer.email, customer.password)
  const loginAnswer = await login
  expect(loginAnswer.status()).toBe(200)
  const signedIn = (await loginAnswer.json()) as { access_token: string; expires_in: number }
  expect(signedIn).not.toHaveProperty('refresh_token')
  expect(signedIn.expires_in).toBeLessThanOrEqual(900)
  expectRefreshCookie(await setCookies(loginAnswer), 'latchkey_portal_refresh', '/api/v1/portal/auth')
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(page.getByTestId('current-customer')).toHaveText(customer.email)
  await expectNoTokensInWebStorage(page, [signedIn.access_token])

  const renewal = page.waitForResponse(pathIs(PORTAL_REFRESH))
  await page.goto('/portal/licenses')
  const renewed = await renewal
  expect(renewed.status()).toBe(200)
  expect(await renewed.request().headerValue('x-latchkey-csrf')).toBe('1')
  expect(renewed.request().postDataJSON()).toEqual({})
  const fresh = (await renewed.json()) as { access_token: string }
  expectRefreshCookie(await setCookies(renewed), 'latchkey_portal_refresh', '/api/v1/portal/auth')

  await expect(page.getByRole('heading', { level: 1, name: 'My licenses' })).toBeVisible()
  await expect(page.getByTestId('current-customer')).toHaveText(customer.email)
  await expectNoTokensInWebStorage(page, [signedIn.access_token, fresh.access_token])
  expect(await page.evaluate('document.cookie')).not.toContain('latchkey_')

  // Signing out clears the cookie: the next page load is signed out.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain('latchkey_portal_refresh')
  await page.goto('/portal')
  await expect(page).toHaveURL(/\/portal\/login$/)
})

test('a "View as customer" view lives in its tab’s memory: a reload ends it', async ({ adminPage: page, request, admin }) => {
  const api = await AdminApi.signIn(request, admin)
  const email = `viewed-${unique()}@example.com`
  const product = await api.product('Security View')
  await api.license(product.id, email)
  const found = await api.get<{ data: Array<{ id: string; email: string }> }>(`/admin/customers?search=${encodeURIComponent(email)}`)
  const customer = found.data.find((c) => c.email === email)!

  await page.goto(`/admin/customers/${customer.id}`)
  const meAnswer = page.context().waitForEvent('response', (r) => new URL(r.url()).pathname === '/api/v1/portal/me' && r.status() === 200)
  const [portal] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'View as customer' }).click()])
  const banner = portal.getByRole('region', { name: 'Impersonation' })
  await expect(banner).toContainText(`Viewing as ${email}`)
  const me = await meAnswer
  const token = (await me.request().headerValue('authorization'))?.replace(/^Bearer /, '') ?? ''
  expect(token).toMatch(/^eyJ/)
  await expectNoTokensInWebStorage(portal, [token])

  // No refresh token: after a reload the view has ended, and the tab says so.
  await portal.reload()
  await expect(portal.getByText('The read-only view as this customer ended. Open it again from the admin portal.')).toBeVisible()
  await expect(portal).toHaveURL(/\/portal\/login$/)
  await expectNoTokensInWebStorage(portal, [token])
  await portal.close()
})

test('the server sends the security headers; the refresh cookie is invisible to scripts', async ({ page, admin }) => {
  const document = await page.goto('/admin')
  expect(document?.status()).toBe(200)
  const headers = document!.headers()
  const csp = directives(headers['content-security-policy'])
  expect(csp.get('script-src')).toEqual(["'self'"])
  expect(headers['content-security-policy']).not.toContain('unsafe-inline')
  expect(headers['content-security-policy']).not.toContain('unsafe-eval')
  expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  expect(csp.get('object-src')).toEqual(["'none'"])
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('no-referrer')
  expect(headers['x-frame-options']).toBe('DENY')

  // An API answer is never cached, nor is the sign-in that sets the cookie.
  const stats = page.waitForResponse(pathIs('/api/v1/admin/stats', 'GET'))
  const login = page.waitForResponse(pathIs(ADMIN_LOGIN))
  await signIn(page, admin)
  expect((await stats).headers()['cache-control']).toBe('no-store')
  const loginAnswer = await login
  expect(loginAnswer.headers()['cache-control']).toBe('no-store')

  // The refresh cookie: HttpOnly, SameSite=Strict, scoped to the auth endpoints, not in document.cookie.
  expectRefreshCookie(await setCookies(loginAnswer), 'latchkey_admin_refresh', '/api/v1/admin/auth')
  const cookie = (await page.context().cookies()).find((c) => c.name === 'latchkey_admin_refresh')
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/admin/auth' })
  expect(await page.evaluate('document.cookie')).not.toContain('latchkey_admin_refresh')

  // The cookie alone renews nothing: a cross-site page cannot add the CSRF header.
  const withoutHeader = await page.request.post(ADMIN_REFRESH, { data: {}, failOnStatusCode: false })
  expect(withoutHeader.status()).toBe(403)
  expect(withoutHeader.headers()['cache-control']).toBe('no-store')
})

test('Swagger UI at /api/docs/ renders under its own policy without CSP violations', async ({ page, cspViolations }) => {
  const docs = await page.goto('/api/docs/')
  expect(docs?.status()).toBe(200)
  const csp = directives(docs!.headers()['content-security-policy'])
  expect(csp.get('script-src')).toEqual(["'self'"])
  expect(csp.get('frame-ancestors')).toEqual(["'none'"])

  await expect(page.getByRole('heading', { name: /Latchkey/ }).first()).toBeVisible()
  // An operation of the spec, rendered (and opened) by Swagger UI's own scripts.
  const operation = page.getByText('/api/v1/admin/auth/login', { exact: true }).first()
  await expect(operation).toBeVisible()
  await operation.click()
  await expect(page.getByText('Request body').first()).toBeVisible()
  expect(cspViolations).toEqual([])
})

test('the guard notices a CSP violation (an inline style is refused)', async ({ page, cspViolations }) => {
  await page.goto('/admin/login')
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  // What a careless component (or a library) would do: the policy must refuse it.
  await page.evaluate(`document.head.insertAdjacentHTML('beforeend', '<style id="injected">body { outline: 1px solid red }</style>')`)
  // Both ways the guard learns of it: the event, and Chromium's console message.
  await expect.poll(() => cspViolations.map((v) => v.via).sort()).toEqual(['console', 'event'])
  expect(cspViolations.find((v) => v.via === 'event')).toMatchObject({ directive: 'style-src-elem' })
  expect(cspViolations.find((v) => v.via === 'console')?.sample).toMatch(/inline style.*Content Security Policy/)
  // Seen: this test expects it, so it does not fail at teardown.
  cspViolations.length = 0
})
