/** `aria-invalid` and `aria-describedby` for a control inside <FormField id={id}>. */
export function fieldAria(id: string, errors: string[] | undefined, hasHint = false) {
  const invalid = !!errors?.length
  const describedBy = [hasHint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(' ')
  return {
    id,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy || undefined,
  } as const
}

/** Client errors first; the server's (422 `errors`) for fields the client found fine. */
export function mergeErrors(client: Record<string, string[]>, server: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = { ...server }
  for (const [field, messages] of Object.entries(client)) out[field] = messages
  return out
}
