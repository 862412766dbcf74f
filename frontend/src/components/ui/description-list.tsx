import type { ComponentProps, ReactNode } from 'react'
import { cn } from '@/lib/utils'

/** Label/value rows for detail pages (profile, license, product); fill with <DescriptionItem>. */
export function DescriptionList({ className, ...props }: ComponentProps<'dl'>) {
  return <dl className={cn('divide-y divide-border', className)} {...props} />
}

/** One row of a DescriptionList: the label on the left, the value on the right (stacked on phones). */
export function DescriptionItem({ label, children, className }: { label: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className={cn('grid grid-cols-1 gap-1 py-3 sm:grid-cols-3 sm:gap-4', className)}>
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words text-sm font-medium sm:col-span-2">{children}</dd>
    </div>
  )
}
