import type { ComponentProps, KeyboardEvent, MouseEvent } from 'react'
import { cn } from '@/lib/utils'

/** A scrollable, bordered data table (lists). Compose with the parts below. */
export function Table({ className, ...props }: ComponentProps<'table'>) {
  return (
    <div className="relative w-full overflow-x-auto rounded-lg border border-border bg-card">
      <table className={cn('w-full caption-bottom text-sm', className)} {...props} />
    </div>
  )
}

export function TableHeader({ className, ...props }: ComponentProps<'thead'>) {
  return <thead className={cn('bg-muted/50 [&_tr]:border-b', className)} {...props} />
}

export function TableBody({ className, ...props }: ComponentProps<'tbody'>) {
  return <tbody className={cn('[&_tr:last-child]:border-0', className)} {...props} />
}

export function TableCaption({ className, ...props }: ComponentProps<'caption'>) {
  return <caption className={cn('mt-4 text-sm text-muted-foreground', className)} {...props} />
}

export interface TableRowProps extends ComponentProps<'tr'> {
  /**
   * Makes the whole row a target (e.g. open the detail page): click, or Enter/Space when
   * the row has focus (it joins the tab order). Clicks on buttons, links and inputs inside
   * the row keep their own meaning. Give the row an `aria-label` saying where it goes.
   */
  onActivate?: () => void
}

const INTERACTIVE = 'a, button, input, select, textarea, label, summary, [role="menuitem"], [role="checkbox"]'

/** A table row; with `onActivate` it is clickable and keyboard operable. */
export function TableRow({ className, onActivate, onClick, onKeyDown, ...props }: TableRowProps) {
  if (!onActivate) {
    return (
      <tr
        className={cn('border-b border-border transition-colors data-[state=selected]:bg-muted', className)}
        onClick={onClick}
        onKeyDown={onKeyDown}
        {...props}
      />
    )
  }
  const handleClick = (event: MouseEvent<HTMLTableRowElement>) => {
    onClick?.(event)
    if (event.defaultPrevented) return
    const target = event.target as Element
    if (target !== event.currentTarget && target.closest(INTERACTIVE)) return
    // Selecting text is not a click.
    if (globalThis.getSelection?.()?.toString()) return
    onActivate()
  }
  const handleKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    onKeyDown?.(event)
    if (event.defaultPrevented || event.target !== event.currentTarget) return
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onActivate()
    }
  }
  return (
    <tr
      tabIndex={0}
      data-clickable=""
      className={cn(
        'cursor-pointer border-b border-border transition-colors hover:bg-muted/50 data-[state=selected]:bg-muted',
        'focus-visible:bg-muted/50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring',
        className,
      )}
      onClick={handleClick}
      onKeyDown={handleKeyDown}
      {...props}
    />
  )
}

export function TableHead({ className, ...props }: ComponentProps<'th'>) {
  return (
    <th
      scope="col"
      className={cn(
        'h-10 whitespace-nowrap px-4 text-left align-middle text-xs font-medium uppercase tracking-wide text-muted-foreground',
        className,
      )}
      {...props}
    />
  )
}

export function TableCell({ className, ...props }: ComponentProps<'td'>) {
  return <td className={cn('px-4 py-3 align-middle', className)} {...props} />
}
