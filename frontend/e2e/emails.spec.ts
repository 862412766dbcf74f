import type { Page } from '@playwright/test'
import { AdminApi } from './api'
import { expect, screenshot, test } from './fixtures'
import { receivedMails } from './smtp-sink'

// Email settings and the outbox against the real server and the SMTP sink global setup
// started (the server gets it as LATCHKEY_SMTP_URL, so the settings page shows its host
// and port). Saving points the server at the same sink, so later specs' mails still arrive.

const unique = () => Math.random().toString(36).slice(2, 8)
const SENDER = 'e2e-sender@example.com'

function mailDir(): string {
  const dir = process.env.LATCHKEY_E2E_MAIL_DIR
  if (!dir) throw new Error('LATCHKEY_E2E_MAIL_DIR is not set: the e2e global setup did not run (use `npm run e2e`).')
  return dir
}

/** Envelope senders of the mails the sink accepted for `to`. */
function sendersTo(to: string): string[] {
  return receivedMails(mailDir())
    .filter((mail) => mail.to.includes(to))
    .map((mail) => mail.from)
}

function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' })
}

async function save(page: Page) {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/settings/email') && r.request().method() === 'PUT')
  await page.getByRole('button', { name: 'Save settings' }).click()
  expect((await saved).status()).toBe(200)
  await expect(page.getByText('Email settings saved').first()).toBeVisible()
}

async function sendTest(page: Page, to: string) {
  await page.getByRole('button', { name: 'Send test email' }).click()
  const dialog = page.getByRole('dialog', { name: 'Send test email' })
  await dialog.getByLabel('Send to').fill(to)
  await dialog.getByRole('button', { name: /^Send (test email|again)$/ }).click()
  return dialog
}

test('a super admin saves SMTP settings, sends a test mail, and sees queued mail sent', async ({ adminPage: page, request, admin, consoleGuard }) => {
  consoleGuard.allow(/status of 502/, '/api/v1/admin/settings/email/test')

  await nav(page).getByRole('link', { name: 'Email settings', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Email settings' })).toBeVisible()
  await expect(page.getByText('Source: from the environment variable LATCHKEY_SMTP_URL')).toBeVisible()
  await expect(page.getByLabel('Host', { exact: true })).toHaveValue('127.0.0.1')
  await expect(page.getByLabel('Security', { exact: true })).toHaveValue('none')
  const sinkPort = await page.getByLabel('Port', { exact: true }).inputValue()
  expect(Number(sinkPort)).toBeGreaterThan(0)

  // A server that refuses the connection: the test send answers 502 with the SMTP error.
  await page.getByLabel('Port', { exact: true }).fill('1')
  await save(page)
  await expect(page.getByText('Source: saved here')).toBeVisible()
  let dialog = await sendTest(page, `refused-${unique()}@example.com`)
  await expect(dialog.getByRole('alert')).toContainText('The mail server did not take the message')
  await expect(dialog.getByRole('alert')).toContainText('127.0.0.1:1')
  await screenshot(page, 'email-settings-test-refused')
  await dialog.getByRole('button', { name: 'Done' }).click()

  // Back to the sink, with a sender of our own so its mails can be told apart.
  await page.getByLabel('Port', { exact: true }).fill(sinkPort)
  await page.getByLabel('From address').fill(SENDER)
  await page.getByLabel('From name (optional)').fill('E2E Licensing')
  await save(page)
  await expect(page.getByLabel('Password (optional)')).toHaveValue('')
  await expect(page.getByText('Not set', { exact: true })).toBeVisible()

  const testTo = `smtp-test-${unique()}@example.com`
  dialog = await sendTest(page, testTo)
  const delivered = dialog.getByRole('status').filter({ hasText: 'Delivered to the mail server' })
  await expect(delivered).toContainText(`127.0.0.1:${sinkPort} accepted the message: 250`)
  await expect.poll(() => sendersTo(testTo), { message: `the test mail to ${testTo}` }).toEqual([SENDER])
  await screenshot(page, 'email-settings-test-delivered')
  await dialog.getByRole('button', { name: 'Done' }).click()

  // A mail that goes through the outbox: the worker delivers it with the saved settings.
  const api = await AdminApi.signIn(request, admin)
  const customer = `emails-${unique()}@example.com`
  const product = await api.product('Emails', { send_license_email: true })
  await api.license(product.id, customer)

  await nav(page).getByRole('link', { name: 'Emails', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Emails' })).toBeVisible()
  await page.getByLabel('Recipient', { exact: true }).fill(customer)
  await expect(page).toHaveURL(new RegExp(`search=${encodeURIComponent(customer)}`))
  const row = page.getByRole('row', { name: `Invitation to ${customer}` })
  // Pending or sending rows refresh themselves; reload in case it was sent before the first look.
  await expect(async () => {
    await page.reload()
    await expect(row.getByText('Sent', { exact: true })).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
  await expect(row.getByRole('cell').nth(3)).toHaveText('1')
  expect(sendersTo(customer)).toEqual([SENDER])

  await page.getByLabel('Status', { exact: true }).selectOption('failed')
  await expect(page.getByRole('heading', { name: 'No emails match these filters' })).toBeVisible()
  await expect(page).toHaveURL(/status=failed/)
  await page.getByLabel('Status', { exact: true }).selectOption('sent')
  await expect(row).toBeVisible()
  await screenshot(page, 'emails-list-sent')
})

test('an admin sees Emails but not Email settings', async ({ page, request, admin }) => {
  const api = await AdminApi.signIn(request, admin)
  const plainAdmin = await api.adminWithRole('admin')
  await page.goto('/admin/login')
  await page.getByLabel('Email', { exact: true }).fill(plainAdmin.email)
  await page.getByLabel('Password', { exact: true }).fill(plainAdmin.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()

  await expect(nav(page).getByRole('link', { name: 'Emails', exact: true })).toBeVisible()
  await expect(nav(page).getByRole('link', { name: 'Email settings', exact: true })).toHaveCount(0)
  await page.goto('/admin/settings/email')
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible()
})
