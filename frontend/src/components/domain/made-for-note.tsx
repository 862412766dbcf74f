import { madeForPreviousOwner } from '@/lib/activations'
import { cn } from '@/lib/utils'

interface MadeFor {
  /** The license's current owner. */
  customer_id?: string | null
  /** The customer the activation was made for (the owner at the time). */
  made_for_customer_id?: string | null
}

/**
 * A small note on an activation made for an earlier owner of its license: a transfer that
 * kept the activations (the same person under a new address) left it in place. Nothing
 * for any other activation.
 */
export function MadeForNote({ activation, className }: { activation: MadeFor; className?: string }) {
  if (!madeForPreviousOwner(activation)) return null
  return (
    <span
      className={cn('block text-xs text-muted-foreground', className)}
      title="Activated while the license belonged to another customer, and kept when it was transferred."
      data-testid="made-for-previous-owner"
    >
      made for the previous owner
    </span>
  )
}
