import type { CreateProductRequest, Product, ProductStatus, UpdateProductRequest } from '../api/types'
import { addError, intText, parseOptionalInt, type FieldErrors } from './form-helpers'

export const MAX_ACTIVATIONS_LIMIT = 1_000_000
export const MAX_VALIDITY_DAYS = 36_500
const MAX_NAME = 200
const MAX_SLUG = 64
const MAX_DESCRIPTION = 5000

export interface ProductFormValues {
  name: string
  /** '' on create: the server derives it from the name. */
  slug: string
  description: string
  status: ProductStatus
  /** '' = unlimited. */
  max_activations: string
  /** '' = perpetual. */
  validity_days: string
  send_license_email: boolean
}

export function productFormValues(product?: Product | null): ProductFormValues {
  return {
    name: product?.name ?? '',
    slug: product?.slug ?? '',
    description: product?.description ?? '',
    status: product?.status ?? 'active',
    max_activations: intText(product?.max_activations),
    validity_days: intText(product?.validity_days),
    send_license_email: product?.send_license_email ?? false,
  }
}

/** The server's slug rule: `"Pro Editor 2026!"` → `"pro-editor-2026"` (at most 64 characters). */
export function slugify(name: string): string {
  let out = ''
  for (const c of name) {
    if (/^[A-Za-z0-9]$/.test(c)) out += c.toLowerCase()
    else if (out !== '' && !out.endsWith('-')) out += '-'
  }
  return out.replace(/-+$/, '').slice(0, MAX_SLUG).replace(/-+$/, '')
}

/** Lower-case letters and digits in groups joined by single hyphens, at most 64 characters. */
export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)
}

/** The checks the server makes, so most mistakes show before sending. */
export function validateProductForm(values: ProductFormValues, mode: 'create' | 'edit'): FieldErrors {
  const errors: FieldErrors = {}
  const name = values.name.trim()
  if (!name) addError(errors, 'name', 'Enter a name.')
  else if (name.length > MAX_NAME) addError(errors, 'name', `At most ${MAX_NAME} characters.`)
  const slug = values.slug.trim()
  if (slug === '') {
    if (mode === 'edit') addError(errors, 'slug', 'Enter a slug.')
    else if (name && slugify(name) === '') addError(errors, 'slug', 'The name has no letters or digits to make a slug from; enter one.')
  } else if (!isValidSlug(slug)) {
    addError(errors, 'slug', 'Use lower-case letters, digits and single hyphens (at most 64 characters), e.g. pro-editor.')
  }
  if (values.description.trim().length > MAX_DESCRIPTION) addError(errors, 'description', `At most ${MAX_DESCRIPTION} characters.`)
  const max = parseOptionalInt(values.max_activations, 1, MAX_ACTIVATIONS_LIMIT)
  if (!max.ok) addError(errors, 'max_activations', max.error)
  const validity = parseOptionalInt(values.validity_days, 1, MAX_VALIDITY_DAYS, 'a number of days')
  if (!validity.ok) addError(errors, 'validity_days', validity.error)
  return errors
}

function optionalInt(text: string): number | null {
  const parsed = parseOptionalInt(text, 1, Number.MAX_SAFE_INTEGER)
  return parsed.ok ? parsed.value : null
}

/** The create body; call after `validateProductForm` found nothing. A blank slug is left to the server. */
export function toCreateProductRequest(values: ProductFormValues): CreateProductRequest {
  const body: CreateProductRequest = {
    name: values.name.trim(),
    description: values.description.trim() || null,
    status: values.status,
    max_activations: optionalInt(values.max_activations),
    validity_days: optionalInt(values.validity_days),
    send_license_email: values.send_license_email,
  }
  const slug = values.slug.trim()
  if (slug) body.slug = slug
  return body
}

/** Only what changed (so the audit trail shows the real change); `{}` when nothing did. */
export function toUpdateProductRequest(values: ProductFormValues, product: Product): UpdateProductRequest {
  const body: UpdateProductRequest = {}
  const name = values.name.trim()
  if (name !== product.name) body.name = name
  const slug = values.slug.trim()
  if (slug !== product.slug) body.slug = slug
  const description = values.description.trim() || null
  if (description !== (product.description ?? null)) body.description = description
  if (values.status !== product.status) body.status = values.status
  const max = optionalInt(values.max_activations)
  if (max !== (product.max_activations ?? null)) body.max_activations = max
  const validity = optionalInt(values.validity_days)
  if (validity !== (product.validity_days ?? null)) body.validity_days = validity
  if (values.send_license_email !== product.send_license_email) body.send_license_email = values.send_license_email
  return body
}

/** "Unlimited" / "3 activations". */
export function maxActivationsLabel(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'Unlimited'
  return `${value.toLocaleString('en-US')} activation${value === 1 ? '' : 's'}`
}

/** "Perpetual" / "365 days". */
export function validityLabel(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'Perpetual'
  return `${value.toLocaleString('en-US')} day${value === 1 ? '' : 's'}`
}
