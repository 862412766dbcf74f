import { useMemo } from 'react'
import { cn } from '@/lib/utils'
import { qrMatrix } from '@/lib/qr'

export interface QrCodeProps {
  /** The text to encode (e.g. an `otpauth://` URL). */
  value: string
  /** What the code is, for screen readers. */
  label: string
  className?: string
}

/** A QR code drawn as SVG in the browser; always dark on white so phones read it in either theme. */
export function QrCode({ value, label, className }: QrCodeProps) {
  const { size, path, margin } = useMemo(() => qrMatrix(value), [value])
  const extent = size + margin * 2
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${extent} ${extent}`}
      shapeRendering="crispEdges"
      className={cn('size-48 rounded-md border border-border bg-white', className)}
      data-testid="totp-qr"
    >
      <rect width={extent} height={extent} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  )
}
