import { Check, Copy } from 'lucide-react'
import { useEffect, useState, type ReactNode } from 'react'
import { toast } from '@/lib/toast'
import { cn } from '@/lib/utils'
import { Button } from './button'
import type { ButtonVariantProps } from './button-variants'

export interface CopyButtonProps {
  /** The exact text put on the clipboard. */
  value: string
  /** What is copied, for the accessible name "Copy <label>" (e.g. "license key"). */
  label: string
  /** Visible text; without it the button is an icon. */
  children?: ReactNode
  variant?: ButtonVariantProps['variant']
  size?: ButtonVariantProps['size']
  className?: string
}

/** Copies `value` to the clipboard and confirms with a toast (or an error toast if refused). */
export function CopyButton({ value, label, children, variant = 'ghost', size, className }: CopyButtonProps) {
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 2000)
    return () => clearTimeout(timer)
  }, [copied])

  const copy = async () => {
    try {
      if (!globalThis.navigator?.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(value)
      setCopied(true)
      toast.success('Copied to clipboard')
    } catch {
      toast.error('Could not copy to the clipboard. Select the text and copy it by hand.')
    }
  }

  const Icon = copied ? Check : Copy
  return (
    <Button
      variant={variant}
      size={size ?? (children ? 'sm' : 'icon')}
      className={cn(!children && !size && 'size-8', className)}
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
      onClick={() => void copy()}
    >
      <Icon aria-hidden="true" className={cn(copied && 'text-emerald-600 dark:text-emerald-400')} />
      {children}
    </Button>
  )
}
