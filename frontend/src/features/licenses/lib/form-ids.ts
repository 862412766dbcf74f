// Ids that tie a form control to its hint and error messages (see components/form-field).

export const hintId = (id: string) => `${id}-hint`
export const errorId = (id: string) => `${id}-error`

/** `aria-describedby` and `aria-invalid` for a control inside a FormField. */
export function describedBy(id: string, { hint, errors }: { hint?: unknown; errors?: string[] }) {
  const ids = [hint ? hintId(id) : null, errors?.length ? errorId(id) : null].filter(Boolean)
  return {
    'aria-describedby': ids.length ? ids.join(' ') : undefined,
    'aria-invalid': errors?.length ? true : undefined,
  }
}
