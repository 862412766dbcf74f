import { AdminApi, licensing } from './api'
import { expect, screenshot, signIn, test } from './fixtures'

// Products with generators, activations and the audit trail, end to end: what a support
// engineer does when a customer hits the activation limit.

const unique = () => Math.random().toString(36).slice(2, 8)

test('product and generator, two devices, deactivate one, find it in the activations list and the audit log', async ({
  adminPage: page,
  admin,
  request,
}) => {
  test.setTimeout(180_000)
  const run = unique()
  const productName = `Ops Editor ${run}`
  const prefix = `OPS${run.slice(0, 3).toUpperCase()}-`
  const email = `ops-${run}@example.com`
  const devices = [`HW-OPS-${run}-1`, `HW-OPS-${run}-2`]
  const reason = 'Old laptop, customer replaced it'

  const productId = await test.step('create a product in the UI', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible()
    await page.getByRole('button', { name: 'New product' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'New product' })
    await dialog.getByLabel('Name', { exact: true }).fill(productName)
    await dialog.getByLabel('Description').fill('The desktop editor, ops edition')
    await dialog.getByLabel('Max activations').fill('3')
    await dialog.getByRole('button', { name: 'Create product' }).click()
    await expect(page.getByRole('heading', { level: 1, name: productName })).toBeVisible()
    await expect(page.getByRole('status').filter({ hasText: `Product “${productName}” created` })).toBeVisible()
    const id = new URL(page.url()).pathname.split('/').pop() ?? ''
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    await expect(page.getByRole('link', { name: 'View licenses' })).toHaveAttribute('href', `/admin/licenses?product_id=${id}`)
    // Its first signing key is published.
    await expect(page.getByRole('table', { name: 'Signing keys' }).getByText('Active')).toBeVisible()
    return id
  })

  await test.step('add a generator and preview its keys', async () => {
    await page.getByRole('button', { name: 'New generator' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'New generator' })
    // Client-side checks before anything is sent.
    await dialog.getByRole('button', { name: 'Create generator' }).click()
    await expect(dialog.getByText('Enter a name.')).toBeVisible()
    await dialog.getByLabel('Name', { exact: true }).fill('Retail keys')
    await dialog.getByLabel('Prefix (optional)', { exact: true }).fill(prefix)
    await expect(dialog.getByTestId('key-pattern')).toHaveText(`${prefix}XXXXX-XXXXX-XXXXX-XXXXX`)
    // Too short to be secret: refused before sending.
    await dialog.getByLabel('Group length', { exact: true }).fill('1')
    await dialog.getByRole('button', { name: 'Create generator' }).click()
    await expect(dialog.getByText(/too easy to guess: 20 random bits/)).toBeVisible()
    await dialog.getByLabel('Group length', { exact: true }).fill('5')
    await dialog.getByRole('button', { name: 'Create generator' }).click()
    await expect(page.getByRole('dialog', { name: 'New generator' })).toBeHidden()

    const generators = page.getByRole('table', { name: 'Generators' })
    const row = generators.getByRole('row').filter({ hasText: 'Retail keys' })
    await expect(row).toBeVisible()
    const keyShape = new RegExp(`^${prefix}[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$`)
    await expect(row.getByText(keyShape)).toBeVisible()

    await row.getByRole('button', { name: 'Preview keys of Retail keys' }).click()
    const preview = page.getByRole('dialog', { name: 'Sample keys: Retail keys' })
    const samples = preview.getByRole('list', { name: 'Sample keys' }).getByRole('listitem')
    await expect(samples).toHaveCount(5)
    for (const text of await samples.allTextContents()) {
      expect(text).toMatch(keyShape)
    }
    await screenshot(page, 'operations-generator-preview')
    await preview.getByRole('button', { name: 'Close' }).first().click()
    await expect(preview).toBeHidden()
    await screenshot(page, 'operations-product-detail')
  })

  const activationIds = await test.step('a license of that product, assigned and activated on two devices', async () => {
    const api = await AdminApi.signIn(request, admin)
    const generators = await api.get<{ data: Array<{ id: string; name: string }> }>(`/admin/products/${productId}/generators`)
    const generatorId = generators.data.find((g) => g.name === 'Retail keys')?.id
    expect(generatorId).toBeTruthy()
    const license = await api.license(productId, email, { generator_id: generatorId })
    expect(license.key.startsWith(prefix)).toBe(true)
    const ids: string[] = []
    for (const [i, identifier] of devices.entries()) {
      const result = await licensing(request, 'activate', { license_key: license.key, identifier, name: `Device ${i + 1}` })
      expect(result.code).toBe('ACTIVATED')
      ids.push((result.activation as { id: string }).id)
    }
    return ids
  })

  await test.step('filter the activations by product and status', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activations' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Activations' })).toBeVisible()
    await page.getByLabel('Product', { exact: true }).selectOption({ label: productName })
    await page.getByLabel('Status', { exact: true }).selectOption('active')
    await expect(page).toHaveURL(new RegExp(`product_id=${productId}`))
    await expect(page).toHaveURL(/status=active/)
    const table = page.getByRole('table', { name: 'Activations' })
    for (const identifier of devices) await expect(table.getByRole('row', { name: `View activation ${identifier}` })).toBeVisible()
    await expect(table.getByRole('row', { name: /^View activation/ })).toHaveCount(2)
    const first = table.getByRole('row', { name: `View activation ${devices[0]}` })
    await expect(first.getByRole('link', { name: email })).toHaveAttribute('href', /\/admin\/customers\//)
    await expect(first.getByText(/just now|minutes? ago/)).toBeVisible()
    await screenshot(page, 'operations-activations')
  })

  await test.step('deactivate one device with a reason', async () => {
    await page.getByRole('button', { name: `Deactivate ${devices[0]}` }).click()
    const dialog = page.getByRole('dialog', { name: 'Deactivate Device 1?' })
    await dialog.getByLabel(/Reason/).fill(reason)
    await dialog.getByRole('button', { name: 'Deactivate' }).click()
    await expect(dialog).toBeHidden()
    await expect(page.getByRole('status').filter({ hasText: 'Deactivated Device 1' })).toBeVisible()
    const table = page.getByRole('table', { name: 'Activations' })
    await expect(table.getByRole('row', { name: /^View activation/ })).toHaveCount(1)
    await expect(table.getByRole('row', { name: `View activation ${devices[1]}` })).toBeVisible()
  })

  await test.step('the inactive filter shows it, with the reason in its details', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('inactive')
    await expect(page).toHaveURL(/status=inactive/)
    const row = page.getByRole('row', { name: `View activation ${devices[0]}` })
    await expect(row).toBeVisible()
    await expect(row.getByText('Inactive')).toBeVisible()
    // The row opens the details (its links and buttons keep their own meaning).
    await row.getByText('Inactive').click()
    const details = page.getByRole('dialog', { name: 'Device 1' })
    await expect(details.getByText(reason)).toBeVisible()
    await expect(details.getByText('Deactivation reason')).toBeVisible()
    // The owner comes with the activation itself.
    await expect(details.getByRole('link', { name: email })).toHaveAttribute('href', /\/admin\/customers\//)
    await details.getByRole('button', { name: 'Close' }).first().click()
    await expect(details).toBeHidden()
  })

  await test.step('"stale for 30 days" finds nothing among freshly verified devices', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('')
    await page.getByLabel('Stale for', { exact: true }).selectOption('30')
    await expect(page).toHaveURL(/stale_days=30/)
    await expect(page.getByRole('heading', { name: 'No activations match these filters' })).toBeVisible()
    await expect(page.getByText(/not verified for 30\+ days/)).toBeVisible()
  })

  await test.step('the audit log shows the deactivation by the admin', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible()
    await page.getByLabel('Action', { exact: true }).selectOption('activation.deactivated')
    await page.getByLabel('Subject ID', { exact: true }).fill(activationIds[0])
    await expect(page).toHaveURL(/action=activation.deactivated/)
    const table = page.getByRole('table', { name: 'Audit events' })
    const rows = table.getByRole('row', { name: 'View event: Activation deactivated' })
    await expect(rows).toHaveCount(1)
    await expect(rows.getByText('activation.deactivated')).toBeVisible()
    await expect(rows.getByText(admin.email)).toBeVisible()
    await expect(rows.getByText('Admin', { exact: true })).toBeVisible()
    await screenshot(page, 'operations-audit-log')

    await rows.getByText('activation.deactivated').click()
    const event = page.getByRole('dialog', { name: 'Activation deactivated' })
    const changes = event.getByRole('table', { name: 'Changed fields' })
    await expect(changes.getByRole('row', { name: /deactivation_reason/ }).getByText(reason)).toBeVisible()
    await expect(changes.getByRole('row', { name: /status/ }).getByText('inactive')).toBeVisible()
    await screenshot(page, 'operations-audit-event')
    await event.getByRole('button', { name: 'Raw JSON' }).click()
    await expect(event.getByLabel('After JSON', { exact: true })).toContainText(`"deactivation_reason": "${reason}"`)
  })
})

test('a product with licenses cannot be deleted: the server explains why', async ({ adminPage: page, admin, request, consoleGuard }) => {
  consoleGuard.allow(/status of 409/, '/api/v1/admin/products/')
  const api = await AdminApi.signIn(request, admin)
  const product = await api.product('Ops Sold Product')
  await api.license(product.id)
  const detail = await api.get<{ slug: string }>(`/admin/products/${product.id}`)

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click()
  await page.getByLabel('Search', { exact: true }).fill(product.name)
  await expect(page).toHaveURL(/search=/)
  const row = page.getByRole('row', { name: `View product ${product.name}` })
  await expect(row.getByRole('link', { name: `1 licenses of ${product.name}` })).toHaveAttribute('href', `/admin/licenses?product_id=${product.id}`)
  await page.getByLabel('Search', { exact: true }).fill('')
  await expect(page.getByRole('table', { name: 'Products' })).toBeVisible()
  await screenshot(page, 'operations-products')

  await row.getByRole('link', { name: product.name, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
  await page.getByRole('button', { name: 'Delete', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: `Delete ${product.name}?` })
  await expect(dialog.getByText(/This product has 1 License/i)).toBeVisible()
  await dialog.getByLabel(/Type .* to confirm/).fill(detail.slug)
  await dialog.getByRole('button', { name: 'Delete product' }).click()
  await expect(dialog.getByRole('alert')).toContainText('This product has 1 license(s); delete or move them first')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
})

test('a super admin rotates the server signing key; the old key stays published', async ({ adminPage: page, request }) => {
  const before = await (await request.get('/api/v1/licensing/public-keys')).json()

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click()
  const card = page.getByRole('region', { name: 'Server signing key' })
  await expect(card.getByRole('list', { name: 'Server public keys' }).getByRole('listitem')).toHaveCount(before.keys.length)
  await card.getByRole('button', { name: 'Rotate' }).click()
  const dialog = page.getByRole('dialog', { name: 'Rotate the server signing key?' })
  await expect(dialog).toContainText('stays published at /api/v1/licensing/public-keys')
  await screenshot(page, 'operations-server-key-rotate')
  await dialog.getByRole('button', { name: 'Rotate server key' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Server signing key rotated')

  const after = await (await request.get('/api/v1/licensing/public-keys')).json()
  expect(after.keys).toHaveLength(before.keys.length + 1)
  const items = card.getByRole('list', { name: 'Server public keys' }).getByRole('listitem')
  await expect(items).toHaveCount(after.keys.length)
  await expect(items.first()).toContainText('Active')
  await expect(items.nth(1)).toContainText('Retired')

})

test('an admin (not super) manages products but sees no server signing key card', async ({ page, admin, request }) => {
  const api = await AdminApi.signIn(request, admin)
  const other = await api.adminWithRole('admin')
  await signIn(page, other)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Products' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Server signing key' })).toHaveCount(0)
})
