import type { APIRequestContext, Page } from '@playwright/test'
import { AdminApi, licensing } from './api'
import { expect, screenshot, test } from './fixtures'
import { readMail, receivedMails } from './smtp-sink'
import { currentStep, totpCode } from './totp'

// The client portal against the real server, with mails delivered over SMTP to the sink
// global setup started. Every test makes its own customer with a unique email.

const unique = () => Math.random().toString(36).slice(2, 8)
const PASSWORD = 'correct horse battery staple'

type LinkKind = 'accept-invitation' | 'magic-link' | 'reset-password'

function mailDir(): string {
  const dir = process.env.LATCHKEY_E2E_MAIL_DIR
  if (!dir) throw new Error('LATCHKEY_E2E_MAIL_DIR is not set: the e2e global setup did not run (use `npm run e2e`).')
  return dir
}

/** The portal links of `kind` in the mails delivered to `email` so far, oldest first. */
function linksSent(email: string, kind: LinkKind, baseURL: string): string[] {
  const pattern = new RegExp(`${baseURL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/portal/${kind}#token=[^\\s"'<>]+`, 'g')
  return receivedMails(mailDir())
    .filter((mail) => mail.to.includes(email))
    .flatMap((mail) => readMail(mail).text.match(pattern) ?? [])
}

/**
 * Waits for mail number `count` with a `kind` link to `email` to arrive at the SMTP sink
 * (the delivery worker sends it in the background) and returns its link.
 */
async function mailedLink(email: string, kind: LinkKind, baseURL: string, count = 1): Promise<string> {
  await expect
    .poll(() => linksSent(email, kind, baseURL).length, { message: `a ${kind} mail to ${email}`, timeout: 30_000 })
    .toBeGreaterThanOrEqual(count)
  return linksSent(email, kind, baseURL)[count - 1]
}

interface PortalCustomer {
  id: string
  email: string
  password: string
  product: { id: string; name: string }
  license: { id: string; key: string }
}

/**
 * A new customer made the way the seed describes it: the admin assigns a license to a new
 * email, the invitation arrives, and the customer sets a password (here through the API).
 */
async function customerWithPassword(api: AdminApi, request: APIRequestContext, baseURL: string, label: string): Promise<PortalCustomer> {
  const email = `${label}-${unique()}@example.com`
  const product = await api.product(`Portal ${label}`, { max_activations: 2, send_license_email: true })
  const license = await api.license(product.id, email)
  const link = await mailedLink(email, 'accept-invitation', baseURL)
  const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token')
  const accepted = await request.post('/api/v1/portal/auth/invitation/accept', { data: { token, password: PASSWORD } })
  if (!accepted.ok()) throw new Error(`invitation accept answered ${accepted.status()}: ${await accepted.text()}`)
  const { customer } = (await accepted.json()) as { customer: { id: string } }
  return { id: customer.id, email, password: PASSWORD, product, license }
}

function portalNav(page: Page) {
  return page.getByRole('navigation', { name: 'Portal' })
}

function licenseCard(page: Page, license: { id: string }) {
  return page.locator(`[data-license-id="${license.id}"]`)
}

async function signInToPortal(page: Page, email: string, password: string) {
  await page.goto('/portal/login')
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

test('the seed lifecycle: invitation mail, password, my license, a device deactivated', async ({ page, request, admin, baseURL }) => {
  const api = await AdminApi.signIn(request, admin)
  const email = `newcomer-${unique()}@example.com`
  const product = await api.product('Portal Lifecycle', { max_activations: 2, send_license_email: true })

  // The admin assigns a license to an email nobody uses yet: that creates the customer and
  // sends the invitation (the product mails its licenses).
  const license = await api.license(product.id, email)
  const invitation = await mailedLink(email, 'accept-invitation', baseURL!)

  await page.goto(invitation)
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your account' })).toBeVisible()
  await page.getByLabel('Your name').fill('Nora Newcomer')
  await page.getByLabel('New password').fill(PASSWORD)
  await page.getByLabel('Confirm password').fill(PASSWORD)
  await screenshot(page, 'portal-accept-invitation')
  await page.getByRole('button', { name: 'Set password and sign in' }).click()

  await expect(page).toHaveURL(/\/portal$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(page.getByText('Welcome, Nora Newcomer')).toBeVisible()
  await expect(page.getByTestId('stat-Licenses')).toHaveText('1')
  await expect(page.getByTestId('stat-Activations in use')).toHaveText('0')
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0)
  await screenshot(page, 'portal-dashboard')

  // My licenses: the key (masked, then revealed), its status and slots.
  await portalNav(page).getByRole('link', { name: 'My licenses' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My licenses' })).toBeVisible()
  const card = licenseCard(page, license)
  await expect(card.getByRole('heading', { name: product.name })).toBeVisible()
  await expect(card.getByTestId('masked-key')).not.toContainText(license.key)
  await card.getByRole('button', { name: 'Show license key' }).click()
  await expect(card.getByTestId('masked-key')).toHaveText(license.key)
  await expect(card).toContainText('0 / 2')

  // The customer's software activates a device.
  const activated = await licensing(request, 'activate', { license_key: license.key, identifier: `HW-${unique()}`, name: 'Work laptop' })
  expect(activated.code).toBe('ACTIVATED')
  await page.reload()
  await expect(licenseCard(page, license)).toContainText('1 / 2')

  // Activations: deactivate it, after a confirmation with a reason.
  await portalNav(page).getByRole('link', { name: 'Activations' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Activations' })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: 'Work laptop' })
  await expect(row).toContainText('Active')
  await row.getByRole('button', { name: 'Deactivate Work laptop' }).click()
  const dialog = page.getByRole('dialog', { name: 'Deactivate Work laptop?' })
  await expect(dialog).toContainText(`Frees one slot of your ${product.name} license`)
  await dialog.getByLabel(/Reason/).fill('Replaced this laptop')
  await screenshot(page, 'portal-deactivate-confirm')
  await dialog.getByRole('button', { name: 'Deactivate' }).click()
  await expect(dialog).toBeHidden()
  await expect(row).toContainText('Inactive')
  await expect(row).toContainText('Replaced this laptop')
  await expect(row.getByRole('button', { name: /Deactivate/ })).toHaveCount(0)

  // The slot is free.
  await portalNav(page).getByRole('link', { name: 'My licenses' }).click()
  await expect(licenseCard(page, license)).toContainText('0 / 2')
  expect((await api.get<{ activations_used: number }>(`/admin/licenses/${license.id}`)).activations_used).toBe(0)
})

test('a magic-link sign-in: requested on the login page, mailed, used once', async ({ page, request, admin, baseURL, consoleGuard }) => {
  // The second use of the link is refused, as it must be.
  consoleGuard.allow(/status of 401/, '/api/v1/portal/auth/magic-link/consume')
  const api = await AdminApi.signIn(request, admin)
  const customer = await customerWithPassword(api, request, baseURL!, 'magic')

  await page.goto('/portal/login')
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await page.getByLabel('Email', { exact: true }).fill(customer.email)
  await page.getByRole('button', { name: 'Send sign-in link' }).click()
  await expect(page.getByText(`If an account exists for ${customer.email}, a sign-in link is on its way.`)).toBeVisible()

  const link = await mailedLink(customer.email, 'magic-link', baseURL!)
  await page.goto(link)
  await expect(page).toHaveURL(/\/portal$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(page.getByTestId('current-customer')).toHaveText(customer.email)

  // The same link does not work twice.
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'This sign-in link does not work' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Email me a new link' })).toBeVisible()
})

test('"View as customer" shows the customer’s licenses read-only, with a banner', async ({ adminPage: page, request, admin, baseURL }) => {
  const api = await AdminApi.signIn(request, admin)
  const email = `viewed-${unique()}@example.com`
  const product = await api.product('Portal Viewed', { max_activations: 2, send_license_email: true })
  const license = await api.license(product.id, email)
  const found = await api.get<{ data: Array<{ id: string; email: string }> }>(`/admin/customers?search=${encodeURIComponent(email)}`)
  const customer = { ...found.data.find((c) => c.email === email)!, license, product }
  await licensing(request, 'activate', { license_key: license.key, identifier: `HW-${unique()}`, name: 'Studio Mac' })

  // No password needed: the admin's token opens the portal.
  await page.goto(`/admin/customers/${customer.id}`)
  const [portal] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'View as customer' }).click()])

  const banner = portal.getByRole('region', { name: 'Impersonation' })
  await expect(banner).toHaveText(new RegExp(`Viewing as ${customer.email.replace(/\./g, '\\.')} — read only`))
  // The token left the address bar.
  await expect.poll(() => portal.url()).toBe(`${baseURL}/portal`)
  await expect(portal.getByRole('button', { name: 'Sign out' })).toHaveCount(0)

  await portalNav(portal).getByRole('link', { name: 'My licenses' }).click()
  const card = licenseCard(portal, customer.license)
  await expect(card.getByRole('heading', { name: customer.product.name })).toBeVisible()
  await expect(card).toContainText('1 / 2')
  await expect(banner).toBeVisible()
  await screenshot(portal, 'portal-view-as-customer')

  await portalNav(portal).getByRole('link', { name: 'Activations' }).click()
  await expect(portal.getByRole('row').filter({ hasText: 'Studio Mac' })).toContainText('Active')
  await expect(portal.getByRole('button', { name: /Deactivate/ })).toHaveCount(0)

  await portalNav(portal).getByRole('link', { name: 'Profile & security' }).click()
  await expect(portal.getByText('This is a read-only view: nothing on this page can be changed.')).toBeVisible()
  for (const name of ['Save name', 'Change password', 'Set up two-factor authentication']) {
    await expect(portal.getByRole('button', { name })).toBeDisabled()
  }
  await expect(portal.getByLabel('Name', { exact: true })).toBeDisabled()

  // Leave closes the tab the admin portal opened.
  await Promise.all([portal.waitForEvent('close'), banner.getByRole('button', { name: 'Leave' }).click()])
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
})

test('a wrong password is refused; with two-factor on, sign-in asks for the code', async ({ page, request, admin, baseURL, consoleGuard }) => {
  consoleGuard.allow(/status of 401/, '/api/v1/portal/auth/login')
  const api = await AdminApi.signIn(request, admin)
  const customer = await customerWithPassword(api, request, baseURL!, 'twofactor')

  await signInToPortal(page, customer.email, 'not my password')
  await expect(page.getByRole('alert')).toHaveText('The email or password is incorrect.')
  await expect(page).toHaveURL(/\/portal\/login$/)

  await page.getByLabel('Password', { exact: true }).fill(customer.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()

  // Two-factor on, from the profile page: QR code and secret, confirmed with a code.
  await portalNav(page).getByRole('link', { name: 'Profile & security' }).click()
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click()
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible()
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '')
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
  const step = currentStep()
  await page.getByLabel('Authentication code').fill(totpCode(secret, step))
  await page.getByRole('button', { name: 'Turn on two-factor' }).click()
  await expect(page.getByRole('button', { name: 'Turn off two-factor…' })).toBeVisible()

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await signInToPortal(page, customer.email, customer.password)
  const code = page.getByLabel('Authentication code')
  await expect(code).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
  await screenshot(page, 'portal-login-2fa')
  // A later time step: each code works once.
  await code.fill(totpCode(secret, step + 1))
  await page.getByRole('button', { name: 'Verify and sign in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
})
