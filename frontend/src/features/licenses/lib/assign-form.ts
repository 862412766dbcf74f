import type { FieldMessages } from '@/lib/form'
import { expiryFromDateInput } from '@/lib/dates'
import type { AssignRequest, BulkAssignRequest, License } from '../api/types'
import { transfers } from './selection'

// Only the shape: the server decides whether the address is deliverable.
const EMAIL = /^[^\s@]+@[^\s@]+$/

/** Whether the text looks like an email address (something@something, no spaces). */
export function looksLikeEmail(text: string): boolean {
  return EMAIL.test(text)
}

/** A required customer email: the message to show, or null when it will do. */
function customerEmailProblem(email: string): string | null {
  const trimmed = email.trim()
  if (!trimmed) return 'Enter the customer’s email address.'
  if (!looksLikeEmail(trimmed)) return 'Enter a valid email address.'
  return null
}

/** The fields of "Assign license" / "Transfer license", as typed. */
export interface AssignValues {
  email: string
  name: string
  /** 'YYYY-MM-DD'; '' = the license's expiry, or its validity from today. Assign only. */
  expires_at: string
  /** Transfer only: keep the earlier owner's devices activated. */
  keep_activations: boolean
}

export const ASSIGN_DEFAULTS: AssignValues = { email: '', name: '', expires_at: '', keep_activations: false }

/** What the assign (or transfer) dialog checks before sending. */
export function validateAssign(values: AssignValues, license: Pick<License, 'customer_email'>, transfer: boolean): FieldMessages {
  const errors: FieldMessages = {}
  const email = values.email.trim()
  const emailProblem = customerEmailProblem(email)
  if (emailProblem) errors.email = [emailProblem]
  else if (transfer && license.customer_email && email.toLowerCase() === license.customer_email.toLowerCase()) {
    errors.email = ['The license is already assigned to this email.']
  }
  if (values.expires_at && !expiryFromDateInput(values.expires_at)) errors.expires_at = ['Enter a valid date.']
  return errors
}

/** The assign body; call after `validateAssign` found nothing. */
export function toAssignRequest(values: AssignValues, transfer: boolean): AssignRequest {
  const expiresAt = values.expires_at ? expiryFromDateInput(values.expires_at) : null
  return {
    email: values.email.trim(),
    name: values.name.trim() || null,
    ...(expiresAt ? { expires_at: expiresAt } : {}),
    ...(transfer ? { keep_activations: values.keep_activations } : {}),
  }
}

/** The fields of "Bulk Assign", as typed. */
export interface BulkAssignValues {
  email: string
  name: string
  /** Used only when some licenses move from another owner. */
  keep_activations: boolean
}

export const BULK_ASSIGN_DEFAULTS: BulkAssignValues = { email: '', name: '', keep_activations: false }

/** What the bulk assign dialog checks before sending. */
export function validateBulkAssign(values: BulkAssignValues): FieldMessages {
  const problem = customerEmailProblem(values.email)
  return problem ? { email: [problem] } : {}
}

/** The bulk assign body; `keep_activations` only when some license moves from another owner. */
export function toBulkAssignRequest(values: BulkAssignValues, licenses: License[]): BulkAssignRequest {
  const email = values.email.trim()
  return {
    license_ids: licenses.map((l) => l.id),
    email,
    name: values.name.trim() || null,
    ...(transfers(licenses, email).length ? { keep_activations: values.keep_activations } : {}),
  }
}
