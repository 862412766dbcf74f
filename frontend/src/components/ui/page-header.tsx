import type { ReactNode } from 'react'
import { cn } from '@/lib/utils'

export interface PageHeaderProps {
  /** The page's <h1>. */
  title: ReactNode
  description?: ReactNode
  /** Buttons on the right (e.g. "Create product"). */
  actions?: ReactNode
  /** Extra content under the title, e.g. a back link or badges. */
  children?: ReactNode
  className?: string
}

/** The top of every admin page: h1, one-line description, actions. */
export function PageHeader({ title, description, actions, children, className }: PageHeaderProps) {
  return (
    <div className={cn('flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between', className)}>
      <div className="flex min-w-0 flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
        {description ? <p className="text-muted-foreground">{description}</p> : null}
        {children}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  )
}
