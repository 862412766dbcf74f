import type { Page } from '@playwright/test'
import { AdminApi, licensing } from './api'
import { expect, licenseRow, screenshot, signIn, test } from './fixtures'
import { totpCode } from './totp'

// Read-only pages for viewers, the command palette, API keys, the dashboard numbers,
// admins and the profile (password, two-factor).

const unique = () => Math.random().toString(36).slice(2, 8)

interface ListPage<T> {
  data: T[]
}

interface Stats {
  customers: number
  active_activations: number
  usage: Array<{ date: string; activations: number; validations: number }>
}

/** Test data through the API: a product, a customer owning one activated license. */
async function customerWithActivatedLicense(api: AdminApi, request: Parameters<typeof AdminApi.signIn>[0], label: string) {
  const product = await api.product(`${label} Product`)
  const email = `${label.toLowerCase()}-${unique()}@example.com`
  const license = await api.license(product.id, email)
  const identifier = `${label.toLowerCase()}-device-${unique()}`
  const activated = await licensing(request, 'activate', { license_key: license.key, identifier, name: `${label} laptop` })
  expect(activated.code).toBe('ACTIVATED')
  const customers = await api.get<ListPage<{ id: string; email: string }>>(`/admin/customers?search=${encodeURIComponent(email)}`)
  const customer = customers.data.find((c) => c.email === email)
  if (!customer) throw new Error(`customer ${email} was not created`)
  return { product, email, license, identifier, customer }
}

/** The Ctrl+K palette, open and focused. */
async function openPalette(page: Page) {
  await page.keyboard.press('Control+k')
  const input = page.getByRole('combobox', { name: 'Search pages, customers and licenses' })
  await expect(input).toBeFocused()
  return input
}

test('a viewer sees every page read-only, without admin-only navigation', async ({ page, request, admin }) => {
  const api = await AdminApi.signIn(request, admin)
  const viewer = await api.adminWithRole('viewer')
  const { product, email, license, identifier, customer } = await customerWithActivatedLicense(api, request, 'Viewer')

  await signIn(page, viewer)
  const nav = page.getByRole('navigation', { name: 'Main' })
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible()
  await expect(nav.getByRole('link', { name: 'API keys' })).toHaveCount(0)
  await expect(nav.getByRole('link', { name: 'Admins' })).toHaveCount(0)

  // Customers: the list shows the customer, without export.
  await page.goto(`/admin/customers?search=${encodeURIComponent(email)}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible()
  await expect(page.getByText(email).first()).toBeVisible()
  await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0)

  // The customer's page: licenses and devices load, but nothing can be changed.
  await page.goto(`/admin/customers/${customer.id}`)
  await expect(page.getByRole('heading', { level: 1, name: email })).toBeVisible()
  await expect(page.getByText(product.name).first()).toBeVisible()
  await expect(page.getByText(identifier).first()).toBeVisible()
  for (const name of ['Assign New License', 'Delete customer', 'Reset password', 'Resend invitation', 'View as customer']) {
    await expect(page.getByRole('button', { name })).toHaveCount(0)
  }
  await expect(page.getByRole('button', { name: /^Deactivate/ })).toHaveCount(0)

  // Licenses: rows but no create, import or bulk actions.
  await page.goto(`/admin/licenses?search=${encodeURIComponent(email)}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Licenses' })).toBeVisible()
  await expect(licenseRow(page, license)).toBeVisible()
  for (const name of ['Create licenses', 'Bulk Assign', 'Import CSV']) {
    await expect(page.getByRole('button', { name })).toHaveCount(0)
  }
  await expect(licenseRow(page, license).getByRole('checkbox')).toHaveCount(0)

  // Activations: the device is listed, without Deactivate.
  await page.goto(`/admin/activations?customer_id=${customer.id}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Activations' })).toBeVisible()
  await expect(page.getByRole('row', { name: `View activation ${identifier}` })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Deactivate/ })).toHaveCount(0)

  // Products: listed, no "New product".
  await page.goto('/admin/products')
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible()
  await expect(page.getByText(product.name).first()).toBeVisible()
  await expect(page.getByRole('button', { name: 'New product' })).toHaveCount(0)

  // Admin-only pages refuse a viewer who follows an old link.
  await page.goto('/admin/api-keys')
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create API key' })).toHaveCount(0)
})

test('the command palette opens pages, customers and licenses', async ({ adminPage: page, request, admin }) => {
  const api = await AdminApi.signIn(request, admin)
  const { email, license, customer } = await customerWithActivatedLicense(api, request, 'Palette')

  // Ctrl+K → "customers" → Enter opens the Customers page.
  let input = await openPalette(page)
  await input.fill('customers')
  await expect(page.getByRole('option', { name: /^Customers/ })).toHaveAttribute('aria-selected', 'true')
  await screenshot(page, 'palette-open')
  await input.press('Enter')
  await expect(page).toHaveURL(/\/admin\/customers$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible()
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden()

  // A customer's email finds the customer; Enter opens their page.
  input = await openPalette(page)
  await input.fill(email)
  const customerOption = page.getByRole('group', { name: 'Customers' }).getByRole('option', { name: new RegExp(email.replace(/[.]/g, '\\.')) })
  await expect(customerOption).toBeVisible()
  await expect(customerOption).toHaveAttribute('aria-selected', 'true')
  await screenshot(page, 'palette-customer-result')
  await input.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/admin/customers/${customer.id}$`))
  await expect(page.getByRole('heading', { level: 1, name: email })).toBeVisible()

  // The start of a license key finds the license; the arrow keys reach it.
  input = await openPalette(page)
  await input.fill(license.key.slice(0, 9))
  const licenseOption = page.getByRole('group', { name: 'Licenses' }).getByRole('option', { name: new RegExp(license.key) })
  await expect(licenseOption).toBeVisible()
  while ((await licenseOption.getAttribute('aria-selected')) !== 'true') await input.press('ArrowDown')
  await input.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/admin/licenses\\?search=${license.key}$`))
  await expect(licenseRow(page, license)).toBeVisible()

  // The header button opens it too, and Escape closes it.
  await page.getByRole('button', { name: /Search…/ }).click()
  await expect(page.getByRole('combobox', { name: 'Search pages, customers and licenses' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden()
})

test('an API key is shown once, works against the API, and stops working when revoked', async ({
  adminPage: page,
  request,
  consoleGuard,
}) => {
  consoleGuard.allow(/status of 401/, '/api/v1/admin/products')
  const name = `E2E key ${unique()}`

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible()
  await page.getByRole('button', { name: 'Create API key' }).first().click()
  const form = page.getByRole('dialog', { name: 'Create API key' })
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Role').selectOption('viewer')
  await form.getByLabel('Expires').selectOption('90')
  await form.getByRole('button', { name: 'Create key' }).click()

  const shown = page.getByRole('dialog', { name: 'Copy your new API key' })
  await expect(shown.getByText('This is the only time the key is shown')).toBeVisible()
  const secret = await shown.getByLabel(`API key “${name}”`).inputValue()
  expect(secret).toMatch(/^lk_\w{20,}$/)
  await expect(shown.getByRole('button', { name: 'Copy API key' })).toBeVisible()
  await screenshot(page, 'api-key-secret')
  await shown.getByRole('button', { name: 'I have copied the key' }).click()
  await expect(shown).toBeHidden()

  // Listed by name and prefix; the secret itself is gone from the page.
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row).toBeVisible()
  await expect(row.getByText('Viewer')).toBeVisible()
  const prefix = (await row.locator('code').textContent())?.replace('…', '') ?? ''
  expect(secret.startsWith(prefix)).toBe(true)
  expect(await page.content()).not.toContain(secret)
  await screenshot(page, 'api-keys')

  // The key works as a bearer token.
  const products = await request.get('/api/v1/admin/products', { headers: { Authorization: `Bearer ${secret}` } })
  expect(products.status()).toBe(200)
  expect(Array.isArray(((await products.json()) as { data: unknown }).data)).toBe(true)

  // Revoked: refused at once.
  await row.getByRole('button', { name: `Revoke ${name}` }).click()
  const confirm = page.getByRole('dialog', { name: `Revoke “${name}”?` })
  await confirm.getByRole('button', { name: 'Revoke key' }).click()
  await expect(confirm).toBeHidden()
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0)
  const refused = await request.get('/api/v1/admin/products', { headers: { Authorization: `Bearer ${secret}` } })
  expect(refused.status()).toBe(401)
  // The box is driven by the URL (?revoked=…): it turns checked once the navigation lands,
  // which `check()` does not wait for.
  await page.getByLabel('Show revoked keys').click()
  await expect(page.getByLabel('Show revoked keys')).toBeChecked()
  await expect(page.getByRole('row').filter({ hasText: name }).getByText('Revoked', { exact: true })).toBeVisible()
})

test('the dashboard counts a licensing activation', async ({ adminPage: page, request, admin }) => {
  const api = await AdminApi.signIn(request, admin)
  const before = await api.get<Stats>('/admin/stats?days=7')
  const activationsBefore = before.usage.reduce((sum, day) => sum + day.activations, 0)
  const { license, identifier } = await customerWithActivatedLicense(api, request, 'Dashboard')
  for (let i = 0; i < 3; i++) {
    const validated = await licensing(request, 'validate', { license_key: license.key, identifier })
    expect(validated.code).toBe('VALID')
  }

  await page.goto('/admin?days=7')
  await expect(page.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true')
  // Usage counters are written every couple of seconds: reload until they show.
  await expect
    .poll(
      async () => {
        await page.reload()
        const text = (await page.getByTestId('usage-summary').textContent({ timeout: 5_000 }).catch(() => '')) ?? ''
        const match = /([\d,]+) activations? and ([\d,]+) validations?/.exec(text)
        return match ? Number(match[1].replace(/,/g, '')) : 0
      },
      { timeout: 30_000, intervals: [1_000, 2_000] },
    )
    .toBeGreaterThan(activationsBefore)

  const after = await api.get<Stats>('/admin/stats?days=7')
  const activeCard = page.getByRole('link', { name: /^Active activations/ })
  await expect(activeCard).toContainText(after.active_activations.toLocaleString('en-US'))
  await expect(activeCard).toHaveAttribute('href', '/admin/activations?status=active')
  expect(after.active_activations).toBeGreaterThan(before.active_activations)
  await expect(page.getByRole('main').getByRole('link', { name: /^Customers/ })).toContainText(after.customers.toLocaleString('en-US'))
  await expect(page.getByRole('list', { name: 'Licenses by status' }).getByRole('link', { name: /^Active/ })).toHaveAttribute(
    'href',
    '/admin/licenses?status=active',
  )
  await expect(page.getByTestId('usage-chart').locator('canvas')).toBeVisible()
  await page.getByText('Show the numbers as a table').click()
  await expect(page.getByRole('table', { name: /Licensing traffic per day/ }).getByRole('row')).toHaveCount(8)
  await page.evaluate('window.scrollTo(0, 0)')
  await screenshot(page, 'dashboard-light')

  await page.getByRole('button', { name: 'Switch to dark theme' }).click()
  await expect(page.locator('html')).toHaveClass(/dark/)
  await expect(page.getByTestId('usage-chart').locator('canvas')).toBeVisible()
  await page.evaluate('window.scrollTo(0, 0)')
  await screenshot(page, 'dashboard-dark')
  await page.getByRole('button', { name: 'Switch to light theme' }).click()

  // The range lives in the URL.
  await page.getByRole('button', { name: '90 days' }).click()
  await expect(page).toHaveURL(/\/admin\?days=90$/)
  await expect(page.getByTestId('usage-summary')).toContainText('In the last 90 days')
})

test('a super admin creates, edits and deletes an admin', async ({ adminPage: page, request, admin }) => {
  const email = `staff-${unique()}@example.com`
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admins' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Admins' })).toBeVisible()

  // You cannot delete yourself.
  await page.getByRole('button', { name: `Actions for ${admin.email}` }).click()
  await expect(page.getByRole('menuitem', { name: /Delete/ })).toBeDisabled()
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: 'New admin' }).click()
  const form = page.getByRole('dialog', { name: 'New admin' })
  await form.getByLabel('Email').fill(email)
  await form.getByLabel('Name').fill('Sam Support')
  await form.getByLabel('Role').selectOption('operator')
  await form.getByRole('button', { name: 'Create admin' }).click()

  const created = page.getByRole('dialog', { name: 'Admin created' })
  const password = await created.getByLabel(`Password for ${email}`).inputValue()
  expect(password.length).toBeGreaterThanOrEqual(16)
  await created.getByRole('button', { name: 'Done' }).click()
  await expect(created).toBeHidden()
  // The generated password signs in.
  const login = await request.post('/api/v1/admin/auth/login', { data: { email, password } })
  expect(login.status()).toBe(200)

  await expect(page.getByRole('row').filter({ hasText: admin.email })).toBeVisible()
  await screenshot(page, 'admins')
  // Other specs add admins too: find this one by searching.
  await page.getByLabel('Search admins').fill(email)
  await expect(page).toHaveURL(/search=staff-/)
  const row = page.getByRole('row').filter({ hasText: email })
  await expect(row).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: admin.email })).toHaveCount(0)
  await expect(row.getByText('Operator')).toBeVisible()

  await row.getByRole('button', { name: `Actions for ${email}` }).click()
  await page.getByRole('menuitem', { name: 'Edit' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit admin' })
  await edit.getByLabel('Role').selectOption('admin')
  await edit.getByLabel('Status').selectOption('inactive')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(edit).toBeHidden()
  await expect(row.getByText('Admin', { exact: true })).toBeVisible()
  await expect(row.getByText('Inactive')).toBeVisible()

  await row.getByRole('button', { name: `Actions for ${email}` }).click()
  await page.getByRole('menuitem', { name: 'Delete' }).click()
  const confirm = page.getByRole('dialog', { name: 'Delete Sam Support?' })
  await confirm.getByLabel(`Type ${email} to confirm`).fill(email)
  await confirm.getByRole('button', { name: 'Delete admin' }).click()
  await expect(confirm).toBeHidden()
  await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(0)
})

test('an admin changes their password and turns on two-factor authentication', async ({
  page,
  request,
  admin,
  consoleGuard,
}) => {
  consoleGuard.allow(/status of 422/, '/api/v1/admin/me/password')
  // The first sign-in step answers 401 `totp_required` once two-factor is on.
  consoleGuard.allow(/status of 401/, '/api/v1/admin/auth/login')
  const api = await AdminApi.signIn(request, admin)
  const operator = await api.adminWithRole('operator')
  const newPassword = 'a much longer new passphrase'

  await signIn(page, operator)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible()
  await expect(page.getByRole('main').getByText(operator.email)).toBeVisible()

  // A wrong current password comes back as a field error.
  const form = page.getByRole('form', { name: 'Change password' })
  await form.getByLabel('Current password').fill('not my password')
  await form.getByLabel('New password', { exact: true }).fill(newPassword)
  await form.getByLabel('Confirm new password').fill(newPassword)
  await form.getByRole('button', { name: 'Change password' }).click()
  await expect(form.getByText('Current password is incorrect')).toBeVisible()

  await form.getByLabel('Current password').fill(operator.password)
  await form.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByText('Password changed. Your other sessions were signed out.')).toBeVisible()
  await expect(form.getByLabel('Current password')).toHaveValue('')

  // Two-factor: QR code drawn locally plus the secret; confirm with a code.
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click()
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible()
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '')
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
  await screenshot(page, 'profile-2fa-setup')
  const step = Math.floor(Date.now() / 1000 / 30)
  await page.getByLabel('Authentication code').fill(totpCode(secret, step))
  await page.getByRole('button', { name: 'Turn on two-factor' }).click()
  await expect(page.getByRole('button', { name: 'Turn off two-factor…' })).toBeVisible()
  await screenshot(page, 'profile-2fa-on')

  // The next sign-in asks for a code (a later time step: each code works once).
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await page.getByLabel('Email', { exact: true }).fill(operator.email)
  await page.getByLabel('Password', { exact: true }).fill(newPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Authentication code').fill(totpCode(secret, step + 1))
  await page.getByRole('button', { name: 'Verify and sign in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
})
