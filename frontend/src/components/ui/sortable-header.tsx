import { ChevronDown, ChevronsUpDown, ChevronUp } from 'lucide-react'
import type { ReactNode } from 'react'
import { nextSort, parseSort } from '@/lib/format'
import { cn } from '@/lib/utils'
import { TableHead } from './table'

export interface SortableHeaderProps {
  /** The API's sort key for this column, e.g. `name` or `created_at`. */
  column: string
  /** The list's current `sort` parameter (`name`, `-name`, or null). */
  sort: string | null | undefined
  /** Receives the next sort (`nextSort`): first click ascending, second descending. */
  onSort: (sort: string) => void
  children: ReactNode
  className?: string
}

/** A column header that sorts the list: chevron up/down on the active column, aria-sort on the <th>. */
export function SortableHeader({ column, sort, onSort, children, className }: SortableHeaderProps) {
  const current = parseSort(sort)
  const direction = current?.column === column ? current.direction : null
  const Icon = direction === 'asc' ? ChevronUp : direction === 'desc' ? ChevronDown : ChevronsUpDown
  return (
    <TableHead
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
      className={className}
    >
      <button
        type="button"
        onClick={() => onSort(nextSort(sort, column))}
        className={cn(
          '-mx-2 inline-flex items-center gap-1 rounded-md px-2 py-1 uppercase tracking-wide transition-colors',
          'hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
          direction && 'text-foreground',
        )}
      >
        {children}
        <Icon aria-hidden="true" className={cn('size-3.5', !direction && 'opacity-50')} />
      </button>
    </TableHead>
  )
}
