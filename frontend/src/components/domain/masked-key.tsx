import { Eye, EyeOff } from 'lucide-react'
import { useState } from 'react'
import { CopyButton } from '@/components/ui/copy-button'
import { Button } from '@/components/ui/button'
import { maskKey } from '@/lib/mask'
import { cn } from '@/lib/utils'

export interface MaskedKeyProps {
  /** The full license key. */
  value: string
  /** What it is, for the buttons' names ("Copy license key"). Default "license key". */
  label?: string
  /** Start revealed. Default false. */
  defaultRevealed?: boolean
  className?: string
}

/** A license key shown as `ABCD-••••-••••-WXYZ`, with a reveal toggle and a copy button (copies the full key). */
export function MaskedKey({ value, label = 'license key', defaultRevealed = false, className }: MaskedKeyProps) {
  const [revealed, setRevealed] = useState(defaultRevealed)
  const Icon = revealed ? EyeOff : Eye
  return (
    <span className={cn('inline-flex min-w-0 items-center gap-1', className)}>
      <code className="truncate rounded bg-muted px-1.5 py-0.5 font-mono text-xs" data-testid="masked-key">
        {revealed ? (
          value
        ) : (
          <>
            <span aria-hidden="true">{maskKey(value)}</span>
            <span className="sr-only">{`${label} hidden`}</span>
          </>
        )}
      </code>
      <Button
        variant="ghost"
        size="icon"
        className="size-8"
        aria-label={`Show ${label}`}
        aria-pressed={revealed}
        title={revealed ? `Hide ${label}` : `Show ${label}`}
        onClick={() => setRevealed((r) => !r)}
      >
        <Icon aria-hidden="true" />
      </Button>
      <CopyButton value={value} label={label} />
    </span>
  )
}
