/** Field name → messages, as the API's `errors` and as the client-side checks produce them. */
export type FieldErrors = Record<string, string[]>

export type OptionalInt = { ok: true; value: number | null } | { ok: false; error: string }

/**
 * An optional whole-number field: '' → null (unlimited / perpetual / product default),
 * otherwise an integer within [min, max].
 */
export function parseOptionalInt(text: string, min: number, max: number, what = 'a whole number'): OptionalInt {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: null }
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: `Enter ${what} from ${min} to ${max.toLocaleString('en-US')}, or leave it empty.` }
  const value = Number(trimmed)
  if (value < min || value > max) return { ok: false, error: `Enter ${what} from ${min} to ${max.toLocaleString('en-US')}, or leave it empty.` }
  return { ok: true, value }
}

/** A required whole number within [min, max]. */
export function parseRequiredInt(text: string, min: number, max: number): OptionalInt {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: `Enter a whole number from ${min} to ${max}.` }
  const value = Number(trimmed)
  if (value < min || value > max) return { ok: false, error: `Enter a whole number from ${min} to ${max}.` }
  return { ok: true, value }
}

export function addError(errors: FieldErrors, field: string, message: string): void {
  ;(errors[field] ??= []).push(message)
}

/** `null` → '' for number inputs. */
export function intText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value)
}

/** Client errors first; the server's (422 `errors`) for fields the client found fine. */
export function mergeErrors(client: FieldErrors, server: FieldErrors): FieldErrors {
  const out: FieldErrors = { ...server }
  for (const [field, messages] of Object.entries(client)) out[field] = messages
  return out
}
