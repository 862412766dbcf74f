import { formatDateTime, formatRelative } from '@/lib/format'
import { cn } from '@/lib/utils'

/** "5 minutes ago" with the exact time as a tooltip; "Never" when there is no time. */
export function RelativeTime({ value, className, never = 'Never' }: { value: string | null | undefined; className?: string; never?: string }) {
  if (!value) return <span className={cn('text-muted-foreground', className)}>{never}</span>
  return (
    <time dateTime={value} title={formatDateTime(value)} className={className}>
      {formatRelative(value)}
    </time>
  )
}
