import qrcode from 'qrcode-generator'

export interface QrMatrix {
  /** Modules per side (without the quiet zone). */
  size: number
  /** An SVG path drawing every dark module as a 1×1 square, offset by `margin`. */
  path: string
  /** The quiet zone around the code, in modules. */
  margin: number
}

/**
 * Encodes `text` (an `otpauth://` URL) as a QR code, entirely in the browser: the secret
 * never goes to a QR service. Error correction M, the smallest version that fits.
 */
export function qrMatrix(text: string, margin = 4): QrMatrix {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const size = qr.getModuleCount()
  const parts: string[] = []
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (qr.isDark(row, col)) parts.push(`M${col + margin} ${row + margin}h1v1h-1z`)
    }
  }
  return { size, path: parts.join(''), margin }
}
