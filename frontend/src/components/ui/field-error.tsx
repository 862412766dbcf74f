import { cn } from '@/lib/utils'

/** Messages under a form field; link it with `aria-describedby={id}`. */
export function FieldError({ id, messages, className }: { id: string; messages?: string[]; className?: string }) {
  if (!messages?.length) return null
  return (
    <p id={id} className={cn('text-sm text-destructive', className)}>
      {messages.join(' ')}
    </p>
  )
}
