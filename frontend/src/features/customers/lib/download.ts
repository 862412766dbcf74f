/** The file name from a `Content-Disposition: attachment; filename="…"` header, else `fallback`. */
export function filenameFromResponse(response: Response, fallback: string): string {
  const header = response.headers.get('Content-Disposition') ?? ''
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header)
  if (star) {
    try {
      return sanitize(decodeURIComponent(star[1].trim().replace(/^"|"$/g, '')), fallback)
    } catch {
      // Malformed encoding: fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header)
  return plain ? sanitize(plain[1].trim(), fallback) : fallback
}

function sanitize(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop()?.trim()
  return base ? base : fallback
}

/** Saves a Blob as a download named `filename` (an object URL on a temporary link). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
