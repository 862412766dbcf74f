const DOT = '•'

/**
 * Hides the middle of a license key: `ABCD-EFGH-JKLM-WXYZ` → `ABCD-••••-••••-WXYZ` (first
 * and last group kept). Keys with fewer than three groups keep the first and last 4
 * characters when longer than 12, otherwise only the first 4.
 */
export function maskKey(key: string, separator = '-'): string {
  const groups = key.split(separator)
  if (groups.length >= 3) {
    return groups.map((g, i) => (i === 0 || i === groups.length - 1 ? g : DOT.repeat(g.length))).join(separator)
  }
  const chars = Array.from(key)
  const keepEnd = chars.length > 12 ? 4 : 0
  const keepStart = Math.min(4, Math.max(0, chars.length - 1))
  return chars
    .map((c, i) => (i < keepStart || i >= chars.length - keepEnd || c === separator ? c : DOT))
    .join('')
}
