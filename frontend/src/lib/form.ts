// Helpers for forms on react-hook-form + zod. Import them only from dialogs and pages (lazily
// loaded feature chunks): react-hook-form and zod must stay out of the initial bundle.
import type { FieldError, FieldErrors, FieldValues, Path, UseFormSetError } from 'react-hook-form'
import { config, type z } from 'zod'

// zod compiles fast parsers with `new Function` when it can, and probing for that is an `eval`
// the Content-Security-Policy (script-src 'self') refuses and reports: parse without it.
config({ jitless: true })

/** Field name → messages, as the API's problem document `errors` and the form checks give them. */
export type FieldMessages = Record<string, string[]>

/**
 * A zod refinement from a validation function that returns field messages: every message
 * becomes an issue at its field, so the form shows exactly the texts the function writes.
 */
export function issuesFrom<T>(validate: (values: T) => FieldMessages) {
  return (values: T, ctx: z.RefinementCtx) => {
    for (const [field, messages] of Object.entries(validate(values))) {
      for (const message of messages) ctx.addIssue({ code: 'custom', message, path: [field] })
    }
  }
}

/** The messages of one field's error (all of them when there are several), or undefined. */
export function messagesOf(error: FieldError | undefined): string[] | undefined {
  if (!error) return undefined
  if (error.types) {
    const all = Object.values(error.types).flatMap((m) => (Array.isArray(m) ? m : typeof m === 'string' ? [m] : []))
    if (all.length) return all
  }
  return error.message ? [error.message] : undefined
}

/** Every field's messages, keyed by field name. */
export function fieldMessages<T extends FieldValues>(errors: FieldErrors<T>): FieldMessages {
  const out: FieldMessages = {}
  for (const [field, error] of Object.entries(errors)) {
    const messages = messagesOf(error as FieldError | undefined)
    if (messages) out[field] = messages
  }
  return out
}

/**
 * Puts the server's field errors (a 422 problem's `errors.<field>`) on the form's fields,
 * where they show until that field is edited. Only fields the form has (`fields`); returns
 * whether any was placed.
 */
export function applyServerErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  errors: FieldMessages,
  fields: readonly string[],
): boolean {
  let placed = false
  for (const [field, messages] of Object.entries(errors)) {
    if (!fields.includes(field) || messages.length === 0) continue
    const types = Object.fromEntries(messages.map((m, i) => [`server${i}`, m]))
    setError(field as Path<T>, { type: 'server', message: messages.join(' '), types })
    placed = true
  }
  return placed
}
