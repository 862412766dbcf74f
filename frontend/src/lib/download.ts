// Saving an API answer as a file: the name the server suggests, made safe, and the bytes
// handed to the browser through a short-lived object URL.

/** How long an object URL stays valid after the download starts (the browser may still be reading it). */
export const OBJECT_URL_LIFETIME_MS = 30_000

/**
 * A file name the browser can use as it is: no directories (`../x` → `x`), no control or
 * reserved characters (`<>:"/\|?*`), no leading dots, at most 200 characters; `fallback`
 * when nothing is left.
 */
export function sanitizeFilename(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 200)
    .trim()
  return cleaned || fallback
}

/**
 * The file name of a `Content-Disposition: attachment; filename="…"` (or RFC 5987
 * `filename*=UTF-8''…`) header, sanitised; `fallback` when there is none.
 */
export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8'[^']*')?([^;]+)/i.exec(header)
  if (star) {
    try {
      return sanitizeFilename(decodeURIComponent(star[1].trim().replace(/^"|"$/g, '')), fallback)
    } catch {
      // Malformed encoding: fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header)
  const name = plain ? (plain[1] ?? plain[2] ?? '') : ''
  return sanitizeFilename(name.trim(), fallback)
}

/** The same, read from a fetch Response. */
export function filenameFromResponse(response: Response, fallback: string): string {
  return filenameFromDisposition(response.headers.get('Content-Disposition'), fallback)
}

/**
 * Saves a Blob as a download named `filename` (sanitised): an object URL on a temporary
 * link, revoked after 30 s so a slow browser still gets the whole file.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = sanitizeFilename(filename, 'download')
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS)
}
