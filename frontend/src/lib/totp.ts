/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", easier to type into an authenticator app. */
export function groupSecret(secret: string, size = 4): string {
  const clean = secret.replace(/\s+/g, '')
  return clean.match(new RegExp(`.{1,${size}}`, 'g'))?.join(' ') ?? ''
}

/** What was typed in a code box, digits only, at most 6. */
export function normalizeCode(input: string): string {
  return input.replace(/\D/g, '').slice(0, 6)
}

export function isCompleteCode(code: string): boolean {
  return /^\d{6}$/.test(code)
}
