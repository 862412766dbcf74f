import type { ComponentProps } from 'react'
import { cn } from '@/lib/utils'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from './table'

/** A grey pulsing placeholder block; size it with classes (h-4 w-32). */
export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return <div aria-hidden="true" className={cn('animate-pulse rounded-md bg-muted', className)} {...props} />
}

/** Placeholder for a list table while its first page loads. */
export function TableSkeleton({ rows = 5, cols = 4, label = 'Loading' }: { rows?: number; cols?: number; label?: string }) {
  return (
    <div role="status" aria-label={label} aria-busy="true">
      <Table>
        <TableHeader>
          <TableRow>
            {Array.from({ length: cols }, (_, c) => (
              <TableHead key={c}>
                <Skeleton className="h-4 w-20" />
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {Array.from({ length: rows }, (_, r) => (
            <TableRow key={r}>
              {Array.from({ length: cols }, (_, c) => (
                <TableCell key={c}>
                  <Skeleton className={cn('h-4', c === 0 ? 'w-40' : 'w-24')} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  )
}

/** Placeholder for a whole page (the lazy-route Suspense fallback): title line + table. */
export function PageSkeleton({ label = 'Loading page' }: { label?: string }) {
  return (
    <div role="status" aria-label={label} aria-busy="true" className="mx-auto flex w-full max-w-6xl flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-72" />
      </div>
      <Skeleton className="h-64 w-full rounded-xl" />
    </div>
  )
}
