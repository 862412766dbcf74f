import { ChevronLeft, ChevronRight } from 'lucide-react'
import { formatNumber } from '@/lib/format'
import { cn } from '@/lib/utils'
import { Button } from './button'

export interface PaginationProps {
  /** 1-based. */
  page: number
  perPage: number
  /** All matching rows (the API's `meta.total`). */
  total: number
  onPageChange: (page: number) => void
  /** The API's `meta.total_capped`: `total` is a lower bound ("of 10,000+"). */
  totalCapped?: boolean
  className?: string
}

/** "Showing 1–25 of 1,234" with Previous/Next, under a list. Renders nothing for an empty list. */
export function Pagination({ page, perPage, total, onPageChange, totalCapped = false, className }: PaginationProps) {
  if (total <= 0) return null
  const pages = Math.max(1, Math.ceil(total / perPage))
  const current = Math.min(Math.max(1, page), pages)
  const first = (current - 1) * perPage + 1
  const last = Math.min(current * perPage, total)
  const of = `${formatNumber(total)}${totalCapped ? '+' : ''}`
  return (
    <nav aria-label="Pagination" className={cn('flex flex-wrap items-center justify-between gap-3 py-3', className)}>
      <p className="text-sm text-muted-foreground" aria-live="polite">
        Showing {formatNumber(first)}–{formatNumber(last)} of {of}
      </p>
      <div className="flex items-center gap-2">
        <span className="hidden text-sm text-muted-foreground sm:inline">
          Page {formatNumber(current)} of {formatNumber(pages)}
          {totalCapped ? '+' : ''}
        </span>
        <Button variant="outline" size="sm" disabled={current <= 1} onClick={() => onPageChange(current - 1)}>
          <ChevronLeft aria-hidden="true" />
          Previous
        </Button>
        <Button
          variant="outline"
          size="sm"
          disabled={current >= pages && !totalCapped}
          onClick={() => onPageChange(current + 1)}
        >
          Next
          <ChevronRight aria-hidden="true" />
        </Button>
      </div>
    </nav>
  )
}
