import { formatDateTime, formatRelative } from '@/lib/dates'
import { cn } from '@/lib/utils'

export interface RelativeTimeProps {
  /** An ISO date-time; missing renders `never`. */
  value: string | null | undefined
  /** The moment "ago" counts from (e.g. when a list was fetched); default now. */
  now?: Date | number
  /** Shown (muted) when there is no time; default "Never". */
  never?: string
  className?: string
}

/** "5 minutes ago" as a `<time>` with the absolute date and time as its tooltip; "Never" without a time. */
export function RelativeTime({ value, now, never = 'Never', className }: RelativeTimeProps) {
  if (!value) return <span className={cn('text-muted-foreground', className)}>{never}</span>
  return (
    <time dateTime={value} title={formatDateTime(value)} className={className}>
      {formatRelative(value, now)}
    </time>
  )
}
