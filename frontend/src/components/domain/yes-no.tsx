import { Check, X } from 'lucide-react'
import { cn } from '@/lib/utils'

export interface YesNoProps {
  value: boolean
  /** Default "Yes", e.g. "Verified". */
  yes?: string
  /** Default "No", e.g. "Not Verified". */
  no?: string
  className?: string
}

/** A boolean as icon + text ("✓ Verified" / "✗ Not Verified"), never colour alone. */
export function YesNo({ value, yes = 'Yes', no = 'No', className }: YesNoProps) {
  const Icon = value ? Check : X
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5',
        value ? 'text-emerald-700 dark:text-emerald-400' : 'text-muted-foreground',
        className,
      )}
    >
      <Icon aria-hidden="true" className="size-4 shrink-0" />
      {value ? yes : no}
    </span>
  )
}
