// The checks and requests of the license dialogs on the customer page (edit, transfer, assign new).
import type { FieldMessages } from '@/lib/form'
import { expiryFromDateInput, toDateInput } from '@/lib/dates'
import type { CreateAndAssignInput } from '../api/create-and-assign-license'
import type { SaveLicenseSettingsInput, UpdateLicenseChanges } from '../api/save-license-settings'
import type { License } from './types'

/** "License settings" of the edit dialog, as typed (keys as the API names them). */
export interface LicenseSettingsValues {
  unlimited: boolean
  /** Kept while `unlimited` is on, so turning it off brings the number back. */
  max_activations: string
  perpetual: boolean
  /** 'YYYY-MM-DD'; kept while `perpetual` is on. */
  expires_at: string
  notes: string
}

export function licenseSettingsValues(license: License): LicenseSettingsValues {
  const unlimited = license.max_activations === null || license.max_activations === undefined
  return {
    unlimited,
    max_activations: unlimited ? '' : String(license.max_activations),
    perpetual: !license.expires_at,
    expires_at: toDateInput(license.expires_at),
    notes: license.notes ?? '',
  }
}

export interface LicenseSettingsPlan {
  /** Field → messages; nothing is sent while there are any. */
  errors: FieldMessages
  /** Limit and notes that changed (PATCH). */
  changes: UpdateLicenseChanges
  /** A new expiry (null = perpetual) for the renew call; undefined when it did not change. */
  expiresAt?: string | null
}

/** Checks the settings and works out only what changed. */
export function planLicenseSettings(license: License, values: LicenseSettingsValues): LicenseSettingsPlan {
  const errors: FieldMessages = {}
  const changes: UpdateLicenseChanges = {}

  let nextMax: number | null = null
  if (!values.unlimited) {
    const n = Number(values.max_activations)
    if (values.max_activations.trim() === '' || !Number.isInteger(n) || n < 1) {
      errors.max_activations = ['Enter a whole number of at least 1, or choose Unlimited.']
    } else nextMax = n
  }
  if (!errors.max_activations && nextMax !== (license.max_activations ?? null)) changes.max_activations = nextMax

  const nextNotes = values.notes.trim() === '' ? null : values.notes
  if (nextNotes !== (license.notes ?? null)) changes.notes = nextNotes

  let expiresAt: string | null | undefined
  if (values.perpetual) {
    if (license.expires_at) expiresAt = null
  } else if (!values.expires_at) {
    errors.expires_at = ['Pick an expiry date, or choose Never expires.']
  } else if (values.expires_at !== toDateInput(license.expires_at) || !license.expires_at) {
    expiresAt = expiryFromDateInput(values.expires_at)
    if (expiresAt === null) errors.expires_at = ['Enter a valid date.']
  }

  return { errors, changes, expiresAt }
}

/** The save call for a plan without errors; null when nothing changed. */
export function toSaveLicenseSettings(license: License, plan: LicenseSettingsPlan): SaveLicenseSettingsInput | null {
  if (Object.keys(plan.changes).length === 0 && plan.expiresAt === undefined) return null
  return { id: license.id, changes: plan.changes, expiresAt: plan.expiresAt }
}

/** "Transfer ownership", as typed. */
export interface TransferValues {
  email: string
  /** Keep the current owner's devices activated (the same person under a new address). */
  keep_activations: boolean
}

export function validateTransfer(license: License, values: TransferValues): FieldMessages {
  const email = values.email.trim()
  if (!email) return { email: ['Enter the email of the new owner.'] }
  if (email.toLowerCase() === license.customer_email?.toLowerCase()) return { email: ['The license already belongs to this email.'] }
  return {}
}

/** "Assign new license", as typed. */
export interface AssignLicenseValues {
  product_id: string
  /** '' = the product's default. */
  max_activations: string
  notes: string
}

export function validateAssignLicense(values: AssignLicenseValues): FieldMessages {
  const errors: FieldMessages = {}
  if (!values.product_id) errors.product_id = ['Choose a product.']
  if (values.max_activations.trim() !== '') {
    const n = Number(values.max_activations)
    if (!Number.isInteger(n) || n < 1) errors.max_activations = ['Enter a whole number of at least 1, or leave empty.']
  }
  return errors
}

/** The create-and-assign call; call after `validateAssignLicense` found nothing. */
export function toCreateAndAssign(values: AssignLicenseValues, email: string): CreateAndAssignInput {
  return {
    product_id: values.product_id,
    email,
    max_activations: values.max_activations.trim() === '' ? null : Number(values.max_activations),
    notes: values.notes.trim() || null,
  }
}
