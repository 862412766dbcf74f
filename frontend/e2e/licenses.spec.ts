import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { AdminApi, licensing } from './api'
import { expect, licenseRow, screenshot, signIn, test } from './fixtures'

// The Licenses page against the real server: the seed's support workflows 2 and 4, batch
// creation from a generator, CSV import with a dry run, export, and a viewer's view.
// Every test makes its own data with unique emails: the server is shared with other specs.

const unique = () => Math.random().toString(36).slice(2, 8)

interface LicenseRow {
  id: string
  key: string
  customer_id: string | null
}

/** The license table's body rows. */
function rows(page: Page) {
  return page.locator('table tbody tr')
}

/** Filters the list to one product through the Product select. */
async function filterByProduct(page: Page, productName: string) {
  await page.getByLabel('Product', { exact: true }).selectOption({ label: productName })
  await expect(page).toHaveURL(/product_id=/)
}

/** The customer list searched for `email`: that customer's row. */
async function customerRow(page: Page, email: string) {
  await page.goto(`/admin/customers?search=${encodeURIComponent(email)}`)
  const table = page.getByRole('table', { name: 'Customers' })
  await expect(table).toBeVisible()
  return table.getByRole('row').filter({ hasText: email })
}

test('Workflow 2: two unassigned licenses are found and bulk-assigned ("bought 5, sees 3")', async ({
  adminPage: page,
  admin,
  request,
}) => {
  const api = await AdminApi.signIn(request, admin)
  const u = unique()
  const email = `john-${u}@company.com`
  const product = await api.product('Bought Five')
  for (let i = 0; i < 3; i++) await api.license(product.id, email)
  const spare = [
    await api.license(product.id, undefined, { notes: `Order ${u}, seat 4` }),
    await api.license(product.id, undefined, { notes: `Order ${u}, seat 5` }),
  ]

  // The customer sees 3.
  await expect(await customerRow(page, email)).toContainText('3 Licenses')

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Licenses' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Licenses' })).toBeVisible()
  await page.getByLabel('Status', { exact: true }).selectOption('available')
  await expect(page).toHaveURL(/status=available/)
  await filterByProduct(page, product.name)
  await expect(rows(page)).toHaveCount(2)
  for (const license of spare) {
    const row = licenseRow(page, license)
    // The row's accessible name shows the masked key only.
    await expect(row).toHaveAccessibleName(/^View license \S+-•+/)
    await expect(row).not.toHaveAccessibleName(new RegExp(license.key))
    await expect(row).toContainText('Unassigned')
    await expect(row).toContainText('Available')
  }
  await screenshot(page, 'licenses-list')

  for (const license of spare) await licenseRow(page, license).getByRole('checkbox', { name: /^Select license / }).check()
  await expect(page.getByRole('checkbox', { name: 'Select all licenses on this page' })).toBeChecked()
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toContainText('2 licenses selected')
  await page.getByRole('button', { name: 'Bulk Assign' }).click()

  const dialog = page.getByRole('dialog', { name: 'Bulk Assign' })
  await expect(dialog.getByRole('list', { name: 'Selected licenses' }).getByRole('listitem')).toHaveCount(2)
  await dialog.getByLabel('Customer email').fill(email)
  await screenshot(page, 'licenses-bulk-assign')
  await dialog.getByRole('button', { name: 'Assign 2 licenses' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Assigned 2 licenses to ${email}`)
  // None is available any more.
  await expect(page.getByRole('heading', { name: 'No licenses match these filters' })).toBeVisible()

  await expect(await customerRow(page, email)).toContainText('5 Licenses')
})

test('Workflow 4: a changed email is handled by transferring each license', async ({ adminPage: page, admin, request }) => {
  const api = await AdminApi.signIn(request, admin)
  const u = unique()
  const oldEmail = `old-${u}@email.com`
  const newEmail = `new-${u}@email.com`
  const product = await api.product('Email Change')
  const licenses = [
    await api.license(product.id, oldEmail),
    await api.license(product.id, oldEmail),
    await api.license(product.id, oldEmail),
  ]

  await page.goto('/admin/licenses')
  await page.getByLabel('Search', { exact: true }).fill(oldEmail)
  await expect(page).toHaveURL(new RegExp(`search=${encodeURIComponent(oldEmail).replace(/\./g, '\\.')}`))
  await expect(rows(page)).toHaveCount(3)

  for (const license of licenses) {
    await licenseRow(page, license).getByRole('button', { name: /^Actions for license / }).click()
    await page.getByRole('menuitem', { name: 'Transfer' }).click()
    const dialog = page.getByRole('dialog', { name: 'Transfer license' })
    await expect(dialog).toContainText(`Currently assigned to ${oldEmail}`)
    await dialog.getByLabel(/New owner/).fill(newEmail)
    await dialog.getByRole('button', { name: 'Transfer' }).click()
    await expect(dialog).toBeHidden()
    // Transferred away: it no longer matches the old email.
    await expect(licenseRow(page, license)).toBeHidden()
  }
  await expect(page.getByRole('heading', { name: 'No licenses match these filters' })).toBeVisible()

  // The customer filter, picked by typing part of the email, shows the new owner's three.
  const moved = await api.get<LicenseRow>(`/admin/licenses/${licenses[0].id}`)
  await page.goto('/admin/licenses')
  await page.getByRole('combobox', { name: 'Customer' }).fill(newEmail.slice(0, 12))
  const option = page.getByRole('option', { name: new RegExp(newEmail.replace(/[.+]/g, '\\$&')) })
  await expect(option).toBeVisible()
  await screenshot(page, 'licenses-customer-picker')
  await option.click()
  await expect(page).toHaveURL(new RegExp(`customer_id=${moved.customer_id}`))
  await expect(page.getByRole('button', { name: `Remove customer filter ${newEmail}` })).toBeVisible()
  await expect(rows(page)).toHaveCount(3)

  // The detail view links to the customer and to the activations.
  await licenseRow(page, licenses[0])
    .getByRole('cell', { name: product.name })
    .click()
  const detail = page.getByRole('dialog', { name: 'License details' })
  await expect(detail.getByRole('link', { name: newEmail })).toHaveAttribute('href', `/admin/customers/${moved.customer_id}`)
  await expect(detail.getByRole('link', { name: 'View activations' })).toHaveAttribute(
    'href',
    `/admin/activations?license_id=${licenses[0].id}`,
  )
  await screenshot(page, 'license-detail')
  await detail.getByRole('button', { name: 'Close' }).click()
  await expect(detail).toBeHidden()

  await expect(await customerRow(page, newEmail)).toContainText('3 Licenses')
  await expect(await customerRow(page, oldEmail)).toContainText('0 Licenses')
})

test('a transfer frees the old owner’s devices, unless they move along with the person (keep activations)', async ({
  adminPage: page,
  admin,
  request,
}) => {
  const api = await AdminApi.signIn(request, admin)
  const u = unique()
  const oldEmail = `mover-${u}@email.com`
  const newEmail = `moved-${u}@email.com`
  const strangerEmail = `buyer-${u}@email.com`
  const product = await api.product('Transfer Devices', { max_activations: 3 })
  const kept = await api.license(product.id, oldEmail)
  const freed = await api.license(product.id, oldEmail)
  for (const [license, device] of [
    [kept, `KEEP-${u}`],
    [freed, `FREE-${u}`],
  ] as const) {
    expect((await licensing(request, 'activate', { license_key: license.key, identifier: device, name: device })).code).toBe('ACTIVATED')
  }

  // The same person under a new address: their device keeps working.
  await page.goto(`/admin/licenses?search=${encodeURIComponent(oldEmail)}`)
  await licenseRow(page, kept).getByRole('button', { name: /^Actions for license / }).click()
  await page.getByRole('menuitem', { name: 'Transfer' }).click()
  let dialog = page.getByRole('dialog', { name: 'Transfer license' })
  const keep = dialog.getByRole('checkbox', { name: 'Keep the current activations' })
  await expect(keep).not.toBeChecked()
  await expect(dialog).toContainText('Off: the current owner’s 1 device is deactivated and its slot freed.')
  await dialog.getByLabel(/New owner/).fill(newEmail)
  await keep.check()
  await screenshot(page, 'licenses-transfer-keep-activations')
  await dialog.getByRole('button', { name: 'Transfer' }).click()
  await expect(dialog).toBeHidden()

  // Sold on to someone else: the earlier owner's device is deactivated and its slot freed.
  await licenseRow(page, freed).getByRole('button', { name: /^Actions for license / }).click()
  await page.getByRole('menuitem', { name: 'Transfer' }).click()
  dialog = page.getByRole('dialog', { name: 'Transfer license' })
  await dialog.getByLabel(/New owner/).fill(strangerEmail)
  await dialog.getByRole('button', { name: 'Transfer' }).click()
  await expect(dialog).toBeHidden()

  expect((await api.get<{ activations_used: number }>(`/admin/licenses/${kept.id}`)).activations_used).toBe(1)
  expect((await api.get<{ activations_used: number }>(`/admin/licenses/${freed.id}`)).activations_used).toBe(0)

  // The kept device is marked as made for the previous owner; the freed one says why it stopped.
  await page.goto(`/admin/activations?license_id=${kept.id}`)
  const keptRow = page.getByRole('row', { name: `View activation KEEP-${u}` })
  await expect(keptRow).toContainText('Active')
  await expect(keptRow).toContainText('made for the previous owner')
  await expect(keptRow).toContainText(newEmail)
  await page.goto(`/admin/activations?license_id=${freed.id}&status=inactive`)
  const freedRow = page.getByRole('row', { name: `View activation FREE-${u}` })
  await expect(freedRow).toContainText('Inactive')
  await freedRow.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toContainText('transferred')
})

test('creates a batch of 5 from a generator after previewing sample keys, then exports them', async ({
  adminPage: page,
  admin,
  request,
}) => {
  const api = await AdminApi.signIn(request, admin)
  const u = unique().toUpperCase()
  const product = await api.product('Batch Product')
  await api.post(`/admin/products/${product.id}/generators`, { name: `Retail ${u}`, format: 'chunks', prefix: `B${u}-` })

  await page.goto('/admin/licenses')
  await page.getByRole('button', { name: 'Create licenses' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create licenses' })
  await dialog.getByRole('radio', { name: 'A batch from a generator' }).check()
  await dialog.getByLabel('Product', { exact: true }).selectOption({ label: product.name })
  await dialog.getByLabel('Generator', { exact: true }).selectOption({ label: `Retail ${u}` })
  await dialog.getByLabel('How many').fill('5')

  const samples = dialog.getByRole('region', { name: 'Sample keys' }).getByRole('listitem')
  await expect(samples).toHaveCount(5)
  for (const sample of await samples.allTextContents()) expect(sample).toMatch(new RegExp(`^B${u}-`))
  await dialog.getByRole('region', { name: 'Sample keys' }).scrollIntoViewIfNeeded()
  await screenshot(page, 'licenses-create-batch')

  await dialog.getByRole('button', { name: 'Create 5 licenses' }).click()
  const keysBox = dialog.getByLabel('Keys (5)')
  await expect(keysBox).toBeVisible()
  const keys = (await keysBox.inputValue()).split('\n')
  expect(keys).toHaveLength(5)
  for (const key of keys) expect(key).toMatch(new RegExp(`^B${u}-`))
  await expect(dialog.getByRole('button', { name: 'Copy all keys' })).toBeVisible()
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(dialog).toBeHidden()

  await filterByProduct(page, product.name)
  await expect(rows(page)).toHaveCount(5)

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/\.csv$/)
  const csv = await readFile(await download.path(), 'utf8')
  const lines = csv.trim().split(/\r?\n/)
  expect(lines[0]).toContain('key')
  expect(lines).toHaveLength(6)
  for (const key of keys) expect(csv).toContain(key)
})

test('imports a CSV: the dry run shows per-row results with the invalid row, then the real import', async ({
  adminPage: page,
  admin,
  request,
}) => {
  const api = await AdminApi.signIn(request, admin)
  const u = unique()
  const product = (await api.product('Import Product')) as { id: string; name: string; slug: string }
  const owner = `imported-${u}@example.com`
  const csv = [
    'key,product,email,name,expires_at,max_activations',
    `IMP-${u}-0001,${product.slug},${owner},Ima Porter,2030-01-31,2`,
    `,${product.slug},,,,`,
    `IMP-${u}-0003,${product.slug},not-an-email,,,`,
  ].join('\n')

  await page.goto('/admin/licenses')
  await page.getByRole('button', { name: 'Import CSV' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import licenses from CSV' })
  // The format help lists the columns and limits.
  await dialog.getByText('CSV format').click()
  await expect(dialog).toContainText('The first line must be exactly key,product,email,name,expires_at,max_activations')
  await expect(dialog).toContainText('Files up to 64 MB')
  await dialog.getByText('CSV format').click()
  await dialog.getByLabel('CSV file').setInputFiles({ name: 'licenses.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await dialog.getByRole('button', { name: 'Check file' }).click()

  // The server's dry run: the summary, and the line it would skip with its reason.
  const preview = dialog.getByRole('table', { name: 'Dry run results' })
  await expect(dialog).toContainText('3 rows checked: 2 ready to import, 1 row with errors.')
  await expect(preview.locator('tbody tr')).toHaveCount(1)
  const bad = preview.locator('tbody tr').first()
  await expect(bad.locator('td').first()).toHaveText('4')
  await expect(bad).toContainText('email must be a valid email address')
  await preview.scrollIntoViewIfNeeded()
  await screenshot(page, 'licenses-import-preview')

  // Nothing was written by the dry run.
  const before = await api.get<{ meta: { total: number } }>(`/admin/licenses?product_id=${product.id}`)
  expect(before.meta.total).toBe(0)

  await dialog.getByRole('button', { name: 'Import 2 licenses' }).click()
  await expect(dialog).toContainText('Imported 2 licenses. Skipped 1 row with errors.')
  await expect(dialog.getByRole('table', { name: 'Import results' }).locator('tbody tr').filter({ hasText: 'Skipped: error' })).toHaveCount(1)
  await dialog.getByRole('button', { name: 'Done' }).click()

  await filterByProduct(page, product.name)
  await expect(rows(page)).toHaveCount(2)
  const assigned = page.getByRole('row', { name: /^View license IMP-•+-0001$/ })
  await expect(assigned).toContainText(owner)
  await expect(assigned).toContainText('0 / 2')
})

test('a viewer reads licenses but gets no write actions', async ({ page, admin, request }) => {
  const api = await AdminApi.signIn(request, admin)
  const viewer = await api.adminWithRole('viewer')
  const email = `viewer-case-${unique()}@example.com`
  const product = await api.product('Viewer Product')
  const license = await api.license(product.id, email)

  await signIn(page, viewer)
  await page.goto(`/admin/licenses?search=${encodeURIComponent(email)}`)
  await expect(licenseRow(page, license)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create licenses' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Import CSV' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Bulk Assign' })).toHaveCount(0)
  await expect(page.getByRole('checkbox')).toHaveCount(0)
  await licenseRow(page, license).getByRole('button', { name: /^Actions for license / }).click()
  await expect(page.getByRole('menuitem')).toHaveText(['View details'])
})
