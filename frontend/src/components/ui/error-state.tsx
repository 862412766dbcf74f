import { CircleAlert, RotateCw } from 'lucide-react'
import { queryErrorMessage } from '@/lib/problem'
import { cn } from '@/lib/utils'
import { Button } from './button'
import { Spinner } from './spinner'

export interface ErrorStateProps {
  /** What the query threw; its problem `detail`, or the refused parameters, is shown (queryErrorMessage). */
  error: unknown
  /** Usually `query.refetch`; without it there is no Retry button. */
  onRetry?: () => void
  /** True while the retry runs (e.g. `query.isFetching`). */
  retrying?: boolean
  title?: string
  className?: string
}

/** A failed query in place of its content: the server's message and a Retry button. */
export function ErrorState({ error, onRetry, retrying = false, title = 'Could not load this', className }: ErrorStateProps) {
  return (
    <div
      role="alert"
      className={cn(
        'flex flex-col items-center justify-center gap-3 rounded-lg border border-destructive/40 bg-destructive/5 px-6 py-10 text-center',
        className,
      )}
    >
      <CircleAlert aria-hidden="true" className="size-6 text-destructive" />
      <h2 className="text-base font-semibold">{title}</h2>
      <p className="max-w-md text-sm text-muted-foreground">{queryErrorMessage(error)}</p>
      {onRetry ? (
        <Button variant="outline" size="sm" onClick={onRetry} disabled={retrying}>
          {retrying ? <Spinner label="Retrying" /> : <RotateCw aria-hidden="true" />}
          Retry
        </Button>
      ) : null}
    </div>
  )
}
