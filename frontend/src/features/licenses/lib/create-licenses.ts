import type { FieldMessages } from '@/lib/form'
import { expiryFromDateInput } from '@/lib/dates'
import type { CreateLicenseRequest } from '../api/types'
import { looksLikeEmail } from './assign-form'

export const MAX_BATCH = 10_000

/** "Create licenses": one license, or a batch from a generator. */
export type CreateMode = 'single' | 'batch'

/** The fields of "Create licenses", as typed (keys as the API names them). */
export interface CreateLicensesValues {
  mode: CreateMode
  product_id: string
  /** '' = none (a UUID key); required for a batch. */
  generator_id: string
  /** Batch only. */
  count: string
  /** One license only; '' = generated. */
  key: string
  /** '' = the generator's or product's default. */
  max_activations: string
  /** 'YYYY-MM-DD'; '' = the validity from assignment, or never. */
  expires_at: string
  notes: string
  /** One license only: assign it to this email right away ('' = leave it available). */
  email: string
  /** Used only when `email` creates the customer. */
  name: string
}

export const CREATE_LICENSES_DEFAULTS: CreateLicensesValues = {
  mode: 'single',
  product_id: '',
  generator_id: '',
  count: '10',
  key: '',
  max_activations: '',
  expires_at: '',
  notes: '',
  email: '',
  name: '',
}

/** What the dialog checks before sending (the server checks again). */
export function validateCreateLicenses(values: CreateLicensesValues, now: Date = new Date()): FieldMessages {
  const errors: FieldMessages = {}
  const batch = values.mode === 'batch'
  if (!values.product_id) errors.product_id = ['Choose a product.']
  if (batch && !values.generator_id) errors.generator_id = ['Choose a generator.']
  const count = Number(values.count)
  if (batch && (!/^\d+$/.test(values.count.trim()) || count < 1 || count > MAX_BATCH)) errors.count = ['Enter 1 to 10,000.']
  const max = values.max_activations.trim()
  if (max && (!/^\d+$/.test(max) || Number(max) < 1)) errors.max_activations = ['Enter a whole number of at least 1.']
  if (values.expires_at) {
    const expiresAt = expiryFromDateInput(values.expires_at)
    if (!expiresAt || new Date(expiresAt).getTime() <= now.getTime()) errors.expires_at = ['Choose a date in the future.']
  }
  const key = values.key.trim()
  if (!batch && key && (key.length < 4 || key.length > 200 || /\s/.test(key))) {
    errors.key = ['A key is 4 to 200 printable characters without spaces.']
  }
  const email = values.email.trim()
  if (!batch && email && !looksLikeEmail(email)) errors.email = ['Enter a valid email address.']
  return errors
}

/** The create body; call after `validateCreateLicenses` found nothing. */
export function toCreateLicenseRequest(values: CreateLicensesValues): CreateLicenseRequest {
  const max = values.max_activations.trim()
  const body: CreateLicenseRequest = {
    product_id: values.product_id,
    generator_id: values.generator_id || null,
    max_activations: max ? Number(max) : null,
    expires_at: values.expires_at ? expiryFromDateInput(values.expires_at) : null,
    notes: values.notes.trim() || null,
  }
  const key = values.key.trim()
  if (values.mode === 'batch') body.count = Number(values.count)
  else if (key) body.key = key
  return body
}

/** Whom the new license goes to right after it is created: only one license, only with an email. */
export function assignAfterCreate(values: CreateLicensesValues): { email: string; name: string | null } | null {
  const email = values.email.trim()
  if (values.mode === 'batch' || !email) return null
  return { email, name: values.name.trim() || null }
}
