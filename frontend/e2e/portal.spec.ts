import { AdminApi, licensing } from './api'
import { expect, screenshot, test } from './fixtures'
import { customerWithPassword, licenseCard, mailedLink, PASSWORD, portalNav, signInToPortal, unique } from './portal-helpers'
import { currentStep, totpCode } from './totp'

// The client portal against the real server, with mails delivered over SMTP to the sink
// global setup started. Every test makes its own customer with a unique email.

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
