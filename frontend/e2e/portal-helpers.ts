import type { APIRequestContext, Page } from '@playwright/test'
import type { AdminApi } from './api'
import { expect } from './fixtures'
import { readMail, receivedMails } from './smtp-sink'

// Client-portal helpers shared by the specs: customers made the way the seed describes them,
// and the mails the server sent them (delivered over SMTP to the sink global setup started).

export const unique = () => Math.random().toString(36).slice(2, 8)
export const PASSWORD = 'correct horse battery staple'

export type LinkKind = 'accept-invitation' | 'magic-link' | 'reset-password'

export function mailDir(): string {
  const dir = process.env.LATCHKEY_E2E_MAIL_DIR
  if (!dir) throw new Error('LATCHKEY_E2E_MAIL_DIR is not set: the e2e global setup did not run (use `npm run e2e`).')
  return dir
}

/** The portal links of `kind` in the mails delivered to `email` so far, oldest first. */
export function linksSent(email: string, kind: LinkKind, baseURL: string): string[] {
  const pattern = new RegExp(`${baseURL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/portal/${kind}#token=[^\\s"'<>]+`, 'g')
  return receivedMails(mailDir())
    .filter((mail) => mail.to.includes(email))
    .flatMap((mail) => readMail(mail).text.match(pattern) ?? [])
}

/**
 * Waits for mail number `count` with a `kind` link to `email` to arrive at the SMTP sink
 * (the delivery worker sends it in the background) and returns its link.
 */
export async function mailedLink(email: string, kind: LinkKind, baseURL: string, count = 1): Promise<string> {
  await expect
    .poll(() => linksSent(email, kind, baseURL).length, { message: `a ${kind} mail to ${email}`, timeout: 30_000 })
    .toBeGreaterThanOrEqual(count)
  return linksSent(email, kind, baseURL)[count - 1]
}

export interface PortalCustomer {
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
export async function customerWithPassword(api: AdminApi, request: APIRequestContext, baseURL: string, label: string): Promise<PortalCustomer> {
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

export function portalNav(page: Page) {
  return page.getByRole('navigation', { name: 'Portal' })
}

export function licenseCard(page: Page, license: { id: string }) {
  return page.locator(`[data-license-id="${license.id}"]`)
}

export async function signInToPortal(page: Page, email: string, password: string) {
  await page.goto('/portal/login')
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

