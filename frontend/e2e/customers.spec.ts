import type { Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { AdminApi, licensing } from './api'
import { expect, screenshot, signIn, test } from './fixtures'

// The Customers screens against the real server, following the seed's support workflows.
// Every test makes its own data with unique emails: the server is shared with other specs.

interface CustomerRow {
  id: string
  name: string | null
  email: string
}

const unique = () => Math.random().toString(36).slice(2, 8)

async function customerByEmail(api: AdminApi, email: string): Promise<CustomerRow> {
  const list = await api.get<{ data: CustomerRow[] }>(`/admin/customers?search=${encodeURIComponent(email)}`)
  const found = list.data.find((c) => c.email === email)
  if (!found) throw new Error(`no customer ${email}`)
  return found
}

/** Assigns `licenseId` to `email`, creating the customer with `name` (null: no name). */
async function assign(api: AdminApi, licenseId: string, email: string, name: string | null) {
  await api.post(`/admin/licenses/${licenseId}/assign`, name ? { email, name } : { email })
}

/** The Name column of the customer table, top to bottom. */
function nameCells(page: Page) {
  return page.getByRole('table', { name: 'Customers' }).locator('tbody tr td:first-child')
}

test('Workflow 1: look up a customer by email and copy their license key', async ({ adminPage: page, admin, request, baseURL }) => {
  const api = await AdminApi.signIn(request, admin)
  const email = `john-${unique()}@example.com`
  const product = await api.product('Support Lookup')
  const license = await api.license(product.id, email)
  const customer = await customerByEmail(api, email)
  await api.patch(`/admin/customers/${customer.id}`, { name: 'John Smith' })
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible()
  const search = page.getByPlaceholder('Search by name or email…')
  await search.fill(email)
  await expect(page).toHaveURL(new RegExp(`search=${encodeURIComponent(email).replace(/\./g, '\\.')}`))

  const table = page.getByRole('table', { name: 'Customers' })
  const row = table.getByRole('row', { name: 'View John Smith' })
  await expect(row).toBeVisible()
  await expect(table.locator('tbody tr')).toHaveCount(1)
  await expect(row).toContainText(email)
  await expect(row).toContainText('1 License')
  await screenshot(page, 'customers-list')

  await row.getByRole('link', { name: `View ${email}` }).click()
  await expect(page).toHaveURL(new RegExp(`/admin/customers/${customer.id}$`))
  await expect(page.getByRole('heading', { level: 1, name: 'John Smith' })).toBeVisible()

  const inventory = page.getByRole('region', { name: 'License Inventory' })
  const licenseRow = inventory.getByRole('row').filter({ hasText: product.name })
  await expect(licenseRow).toHaveCount(1)
  await expect(licenseRow).toContainText('Assigned')
  // The key is masked until revealed; the copy button copies the full key either way.
  await expect(licenseRow).not.toContainText(license.key)
  await licenseRow.getByRole('button', { name: 'Copy license key' }).click()
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Copied to clipboard')
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(license.key)
  await licenseRow.getByRole('button', { name: 'Show license key' }).click()
  await expect(licenseRow).toContainText(license.key)

  await expect(page.getByRole('region', { name: 'Activity Timeline' })).toContainText('License assigned')
  await screenshot(page, 'customer-detail-lookup')

  // The back link returns to the same search.
  await page.getByRole('link', { name: 'Back to customers' }).click()
  await expect(page.getByPlaceholder('Search by name or email…')).toHaveValue(email)
})

test('Workflow 3: free an activation slot by deactivating an abandoned device', async ({ adminPage: page, admin, request }) => {
  const api = await AdminApi.signIn(request, admin)
  const email = `limit-${unique()}@example.com`
  const product = await api.product('Two Seats', { max_activations: 2 })
  const license = await api.license(product.id)
  await assign(api, license.id, email, 'Dana Device')
  const customer = await customerByEmail(api, email)

  for (const identifier of ['OLD-LAPTOP', 'DESKTOP']) {
    const result = await licensing(request, 'activate', { license_key: license.key, identifier, name: identifier })
    expect(result.code).toBe('ACTIVATED')
  }
  const refused = await licensing(request, 'activate', { license_key: license.key, identifier: 'NEW-PC', name: 'New PC' })
  expect(refused.code).toBe('ACTIVATION_LIMIT_REACHED')

  await page.goto(`/admin/customers?search=${encodeURIComponent(email)}`)
  await page.getByRole('row', { name: 'View Dana Device' }).click()
  await expect(page).toHaveURL(new RegExp(`/admin/customers/${customer.id}$`))

  const inventory = page.getByRole('region', { name: 'License Inventory' })
  await expect(inventory.getByRole('row').filter({ hasText: product.name })).toContainText('2 / 2')
  await expect(inventory.getByRole('row').filter({ hasText: product.name })).toContainText('Active')

  const history = page.getByRole('region', { name: 'Activation History' })
  const oldLaptop = history.getByRole('row', { name: 'Activation OLD-LAPTOP' })
  const desktop = history.getByRole('row', { name: 'Activation DESKTOP' })
  await expect(oldLaptop).toBeVisible()
  await expect(desktop).toBeVisible()
  const lastVerified = (row: typeof oldLaptop) => row.locator('[data-column="last-verified"]')
  await expect(lastVerified(oldLaptop)).toHaveText(/just now|minutes? ago/)
  await expect(lastVerified(desktop)).toHaveText(/just now|minutes? ago/)

  // Seen 45 days later (the browser's clock only), both devices read "45 days ago".
  await page.clock.setFixedTime(new Date(Date.now() + 45 * 24 * 60 * 60 * 1000 + 60_000))
  await page.reload()
  await expect(lastVerified(oldLaptop)).toHaveText('45 days ago')
  await expect(lastVerified(desktop)).toHaveText('45 days ago')

  await oldLaptop.getByRole('button', { name: 'Deactivate OLD-LAPTOP' }).click()
  const dialog = page.getByRole('dialog', { name: 'Deactivate OLD-LAPTOP?' })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel(/Reason/).fill('Abandoned device, 45 days without a check-in')
  await dialog.getByRole('button', { name: 'Deactivate' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Deactivated OLD-LAPTOP')
  await expect(oldLaptop).toContainText('Inactive')
  await expect(oldLaptop.getByRole('button', { name: /Deactivate/ })).toHaveCount(0)
  await expect(desktop).toContainText('Active')
  await expect(inventory.getByRole('row').filter({ hasText: product.name })).toContainText('1 / 2')

  const retried = await licensing(request, 'activate', { license_key: license.key, identifier: 'NEW-PC', name: 'New PC' })
  expect(retried.code).toBe('ACTIVATED')

  await expect(page.getByRole('region', { name: 'Activity Timeline' })).toContainText('Activation deactivated')
  await page.evaluate('window.scrollTo(0, 0)')
  await screenshot(page, 'customer-detail')
})

test('sorting and search live in the URL; customers without a name sort last both ways', async ({
  adminPage: page,
  admin,
  request,
}) => {
  const api = await AdminApi.signIn(request, admin)
  const tag = `srt${unique()}`
  const product = await api.product('Sorting')
  const people: Array<[string, string | null]> = [
    [`bravo-${tag}@example.com`, `Bravo ${tag}`],
    [`noname-${tag}@example.com`, null],
    [`alpha-${tag}@example.com`, `Alpha ${tag}`],
    [`charlie-${tag}@example.com`, `Charlie ${tag}`],
  ]
  for (const [email, name] of people) {
    const license = await api.license(product.id)
    await assign(api, license.id, email, name)
  }

  // The API itself puts N/A last in both directions.
  const byApi = async (sort: string) =>
    (await api.get<{ data: CustomerRow[] }>(`/admin/customers?search=${tag}&sort=${sort}`)).data.map((c) => c.name)
  expect(await byApi('name')).toEqual([`Alpha ${tag}`, `Bravo ${tag}`, `Charlie ${tag}`, null])
  expect(await byApi('-name')).toEqual([`Charlie ${tag}`, `Bravo ${tag}`, `Alpha ${tag}`, null])

  await page.goto(`/admin/customers?search=${tag}&sort=name`)
  await expect(page.getByPlaceholder('Search by name or email…')).toHaveValue(tag)
  await expect(nameCells(page)).toHaveText([`Alpha ${tag}`, `Bravo ${tag}`, `Charlie ${tag}`, 'N/A'])
  const nameHeader = page.getByRole('columnheader', { name: 'Name' })
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending')

  await nameHeader.getByRole('button', { name: 'Name' }).click()
  await expect(page).toHaveURL(/[?&]sort=-name(&|$)/)
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending')
  await expect(nameCells(page)).toHaveText([`Charlie ${tag}`, `Bravo ${tag}`, `Alpha ${tag}`, 'N/A'])

  await page.reload()
  await expect(page).toHaveURL(/[?&]sort=-name(&|$)/)
  await expect(page.getByPlaceholder('Search by name or email…')).toHaveValue(tag)
  await expect(nameCells(page)).toHaveText([`Charlie ${tag}`, `Bravo ${tag}`, `Alpha ${tag}`, 'N/A'])
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending')
  await expect(page.getByRole('columnheader', { name: 'Licenses' }).getByRole('button')).toHaveCount(0)

  // Export CSV: the current search, in the current order, with the bearer token.
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split(/\r?\n/)
  expect(csv[0]).toBe('name,email,license_count,joined,status')
  expect(csv.slice(1).map((line) => line.split(',')[1])).toEqual([
    `charlie-${tag}@example.com`,
    `bravo-${tag}@example.com`,
    `alpha-${tag}@example.com`,
    `noname-${tag}@example.com`,
  ])
})

test('admin support actions: edit and transfer a license, export, view as customer, delete', async ({
  adminPage: page,
  admin,
  request,
  consoleGuard,
}) => {
  const api = await AdminApi.signIn(request, admin)
  const u = unique()
  const email = `olga-${u}@example.com`
  const newEmail = `olga-new-${u}@example.com`
  const product = await api.product('Support Actions', { max_activations: 2 })
  const license = await api.license(product.id)
  await assign(api, license.id, email, 'Olga Ops')
  const customer = await customerByEmail(api, email)

  await page.goto(`/admin/customers/${customer.id}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Olga Ops' })).toBeVisible()
  const inventory = page.getByRole('region', { name: 'License Inventory' })
  const row = inventory.getByRole('row').filter({ hasText: product.name })
  await expect(row).toContainText('0 / 2')

  // Edit: a higher activation limit and a note.
  await row.getByRole('button', { name: /More actions for license/ }).click()
  await page.getByRole('menuitem', { name: 'Edit' }).click()
  let dialog = page.getByRole('dialog', { name: 'Edit license' })
  await dialog.getByLabel('Max activations').fill('5')
  await dialog.getByLabel('Notes').fill('Upgraded to 5 seats (order A-1042)')
  await dialog.getByRole('button', { name: 'Save changes' }).click()
  await expect(dialog).toBeHidden()
  await expect(row).toContainText('0 / 5')
  expect((await api.get<{ notes: string }>(`/admin/licenses/${license.id}`)).notes).toBe('Upgraded to 5 seats (order A-1042)')

  // GDPR export as JSON.
  const downloadJson = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export data (JSON)' }).click()
  const json = await downloadJson
  expect(json.suggestedFilename()).toBe(`customer-${customer.id}.json`)
  const exported = JSON.parse(readFileSync(await json.path(), 'utf8'))
  expect(exported.customer.email).toBe(email)
  expect(exported.licenses.map((l: { key: string }) => l.key)).toEqual([license.key])

  // View as customer opens the portal in a new tab with a read-only token (which the portal
  // takes out of the address bar at once; e2e/portal.spec.ts covers that session).
  const [portal] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'View as customer' }).click()])
  await expect(portal.getByRole('region', { name: 'Impersonation' })).toContainText(`Viewing as ${email}`)
  expect(new URL(portal.url()).pathname).toBe('/portal')
  await portal.close()

  // Workflow 4: the customer changed email; transfer the license to the new address.
  await row.getByRole('button', { name: /More actions for license/ }).click()
  await page.getByRole('menuitem', { name: 'Edit' }).click()
  dialog = page.getByRole('dialog', { name: 'Edit license' })
  await dialog.getByLabel('New owner’s email').fill(newEmail)
  await dialog.getByRole('button', { name: 'Transfer' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`License transferred to ${newEmail}`)
  await expect(inventory.getByRole('heading', { name: 'No licenses' })).toBeVisible()
  const moved = await customerByEmail(api, newEmail)
  expect((await api.get<{ license_count: number }>(`/admin/customers/${moved.id}`)).license_count).toBe(1)

  // Delete the old, now empty account: the email must be typed.
  await page.getByRole('button', { name: 'Delete customer' }).click()
  dialog = page.getByRole('dialog', { name: 'Delete this customer?' })
  const confirm = dialog.getByRole('button', { name: 'Delete customer' })
  await expect(confirm).toBeDisabled()
  await dialog.getByRole('textbox').fill(email)
  await confirm.click()
  await expect(page).toHaveURL(/\/admin\/customers$/)
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Customer deleted')

  // The old URL now shows the not-found state.
  consoleGuard.allow(/status of 404/, `/api/v1/admin/customers/${customer.id}`)
  await page.goto(`/admin/customers/${customer.id}`)
  await expect(page.getByRole('heading', { name: 'Customer not found' })).toBeVisible()
  await page.getByRole('link', { name: 'Back to customers' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible()
})

test('a viewer sees the customer but no write controls', async ({ page, admin, request }) => {
  const api = await AdminApi.signIn(request, admin)
  const viewer = await api.adminWithRole('viewer')
  const email = `viewed-${unique()}@example.com`
  const product = await api.product('Viewer Check')
  const license = await api.license(product.id)
  await assign(api, license.id, email, 'Vera Viewed')
  await licensing(request, 'activate', { license_key: license.key, identifier: 'VIEWER-BOX' })
  const customer = await customerByEmail(api, email)

  await signIn(page, viewer)
  await page.goto(`/admin/customers?search=${encodeURIComponent(email)}`)
  await expect(page.getByRole('row', { name: 'View Vera Viewed' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0)

  await page.goto(`/admin/customers/${customer.id}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Vera Viewed' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Activation History' }).getByRole('row', { name: 'Activation VIEWER-BOX' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'License Inventory' }).getByRole('button', { name: /View Details of license/ })).toHaveCount(1)
  for (const name of [/Edit name/, /Change account status/, /Assign New License/, /^Deactivate/, /More actions/, /Reset password/, /View as customer/, /Export data/, /Delete customer/]) {
    await expect(page.getByRole('button', { name })).toHaveCount(0)
  }
  await page.getByRole('button', { name: /View Details of license/ }).click()
  const details = page.getByRole('dialog', { name: 'License details' })
  await expect(details).toContainText(license.key)
  await expect(details).toContainText('1 / Unlimited')
})
