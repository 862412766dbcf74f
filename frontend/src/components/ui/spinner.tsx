import { LoaderCircle } from 'lucide-react'
import type { ComponentProps } from 'react'
import { cn } from '@/lib/utils'

export function Spinner({ className, label = 'Loading', ...props }: ComponentProps<'svg'> & { label?: string }) {
  return <LoaderCircle role="status" aria-label={label} className={cn('size-4 animate-spin', className)} {...props} />
}

/** A centred spinner for a whole page or panel that is still loading. */
export function PageSpinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="flex min-h-40 flex-1 items-center justify-center text-muted-foreground">
      <Spinner className="size-6" label={label} />
    </div>
  )
}
