import type { License, UpdateLicenseRequest } from '../api/types'
import { expiryFromDateInput, toDateInput } from '@/lib/dates'

/** The edit form's fields as typed, named as the API names them (its field errors land on them). */
export interface EditLicenseForm {
  /** '' = unlimited. */
  max_activations: string
  /** '' = none (the product's default no longer applies once set per license). */
  validity_days: string
  /** 'YYYY-MM-DD'; '' = perpetual. Changed through the renew endpoint. */
  expires_at: string
  notes: string
  /** A JSON object. */
  metadata: string
}

export function editFormFrom(license: License): EditLicenseForm {
  const metadata = license.metadata && typeof license.metadata === 'object' ? license.metadata : {}
  return {
    max_activations: license.max_activations == null ? '' : String(license.max_activations),
    validity_days: license.validity_days == null ? '' : String(license.validity_days),
    expires_at: toDateInput(license.expires_at),
    notes: license.notes ?? '',
    metadata: Object.keys(metadata as object).length ? JSON.stringify(metadata, null, 2) : '{}',
  }
}

export interface EditPlan {
  /** The PATCH body (only what changed); null when nothing in it changed. */
  patch: UpdateLicenseRequest | null
  /** A new expiry for POST …/renew (null = perpetual); undefined when the expiry is unchanged. */
  renew?: { expiresAt: string | null }
  /** Field → messages (keys as the API names them). */
  errors: Record<string, string[]>
}

function wholeNumber(raw: string, min: number, max: number): number | null | 'invalid' {
  const text = raw.trim()
  if (text === '') return null
  if (!/^\d+$/.test(text)) return 'invalid'
  const n = Number(text)
  return n >= min && n <= max ? n : 'invalid'
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {})
}

/** Checks the form and works out the PATCH body and whether to renew. */
export function planEdit(license: License, form: EditLicenseForm, now: Date = new Date()): EditPlan {
  const errors: Record<string, string[]> = {}
  const patch: UpdateLicenseRequest = {}

  const max = wholeNumber(form.max_activations, 1, 1_000_000)
  if (max === 'invalid') errors.max_activations = ['Enter a whole number of at least 1, or leave it blank for unlimited.']
  else if (max !== (license.max_activations ?? null)) patch.max_activations = max

  const validity = wholeNumber(form.validity_days, 1, 36_500)
  if (validity === 'invalid') errors.validity_days = ['Enter 1 to 36500 days, or leave it blank.']
  else if (validity !== (license.validity_days ?? null)) patch.validity_days = validity

  const notes = form.notes.trim() || null
  if (notes && notes.length > 5000) errors.notes = ['Notes can be at most 5000 characters.']
  else if (notes !== (license.notes ?? null)) patch.notes = notes

  const metadataText = form.metadata.trim() || '{}'
  try {
    const parsed: unknown = JSON.parse(metadataText)
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      errors.metadata = ['Metadata must be a JSON object, e.g. {"order": "A-1042"}.']
    } else if (!sameJson(parsed, license.metadata)) {
      patch.metadata = parsed
    }
  } catch {
    errors.metadata = ['This is not valid JSON.']
  }

  let renew: EditPlan['renew']
  if (form.expires_at !== toDateInput(license.expires_at)) {
    if (form.expires_at === '') renew = { expiresAt: null }
    else {
      const iso = expiryFromDateInput(form.expires_at)
      if (!iso) errors.expires_at = ['Choose a valid date.']
      else if (new Date(iso).getTime() <= now.getTime()) errors.expires_at = ['The date must be in the future.']
      else renew = { expiresAt: iso }
    }
  }

  return { patch: Object.keys(patch).length ? patch : null, renew, errors }
}
