import { activationsDescription, activationsFull, activationsLabel } from '@/lib/activations'
import { cn } from '@/lib/utils'

/** "2 / 5" (or "2 / Unlimited"), amber and marked "full" when no slot is left; read out as "2 of 5 activations used". */
export function ActivationsCell({ used, max, className }: { used: number; max: number | null | undefined; className?: string }) {
  const full = activationsFull(used, max)
  return (
    <span
      className={cn('inline-flex items-center gap-1.5 whitespace-nowrap tabular-nums', full && 'font-medium text-amber-700 dark:text-amber-400', className)}
      title={activationsDescription(used, max)}
    >
      <span aria-hidden="true">{activationsLabel(used, max)}</span>
      <span className="sr-only">{activationsDescription(used, max)}</span>
      {full ? <span className="text-xs font-normal">(full)</span> : null}
    </span>
  )
}
