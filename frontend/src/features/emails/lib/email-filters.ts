import type { DeliveryStatus, EmailListQuery } from '../api/types'

/** The outbox statuses, in the order a mail goes through them (docs/email.md). */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const satisfies readonly DeliveryStatus[]

/** The templates the server renders, with the name an admin knows them by. */
export const EMAIL_TEMPLATES = {
  invitation: 'Invitation',
  license_assigned: 'License added',
  magic_link: 'Sign-in link',
  password_reset: 'Password reset',
  password_changed: 'Password changed',
  two_factor_enabled: 'Two-factor turned on',
} as const satisfies Record<string, string>

export type EmailTemplate = keyof typeof EMAIL_TEMPLATES

export const EMAIL_FILTERS = ['status', 'template'] as const
export type EmailFilterKey = (typeof EMAIL_FILTERS)[number]

export function isDeliveryStatus(value: unknown): value is DeliveryStatus {
  return typeof value === 'string' && (DELIVERY_STATUSES as readonly string[]).includes(value)
}

export function isEmailTemplate(value: unknown): value is EmailTemplate {
  return typeof value === 'string' && Object.hasOwn(EMAIL_TEMPLATES, value)
}

/** "magic_link" → "Sign-in link"; a template this build does not know keeps its code. */
export function templateLabel(template: string): string {
  return isEmailTemplate(template) ? EMAIL_TEMPLATES[template] : template
}

/**
 * The URL state → `GET /admin/emails` query. A status or template the API would refuse
 * (an old or hand-edited link) is dropped, so the page lists everything instead of failing.
 */
export function toEmailQuery(url: { search?: string; page: number; per_page: number; status?: string; template?: string }): EmailListQuery {
  const query: EmailListQuery = { page: url.page, per_page: url.per_page }
  if (url.search) query.search = url.search
  if (isDeliveryStatus(url.status)) query.status = url.status
  if (isEmailTemplate(url.template)) query.template = url.template
  return query
}
