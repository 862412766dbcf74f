import { History } from 'lucide-react'
import { useMemo } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { Skeleton } from '@/components/ui/skeleton'
import { Spinner } from '@/components/ui/spinner'
import { formatDateTime, formatRelative } from '@/lib/dates'
import { formatNumber } from '@/lib/format'
import { useCustomerTimeline } from '../api/customer-timeline'
import { actionLabel, actorLabel, eventDetail, licenseKeysFromEvents } from '../lib/timeline'
import type { AuditEvent } from '../lib/types'

function dotClass(action: string): string {
  if (/revoked|erased|deleted|suspended/.test(action)) return 'bg-destructive'
  if (/deactivated|transferred_away|unassigned/.test(action)) return 'bg-amber-500'
  if (/activation\.created|assigned|transferred$|reinstated|renewed|created/.test(action)) return 'bg-emerald-500'
  return 'bg-primary'
}

/** Section "Activity Timeline": the customer's audit trail, newest first, with who did it; "Load more". */
export function ActivityTimeline({ customerId, knownKeys }: { customerId: string; knownKeys?: ReadonlyMap<string, string> }) {
  const timeline = useCustomerTimeline(customerId)
  const events = useMemo<AuditEvent[]>(() => timeline.data?.pages.flatMap((page) => page.data) ?? [], [timeline.data])
  const keys = useMemo(() => {
    const merged = new Map(knownKeys ?? [])
    for (const [id, key] of licenseKeysFromEvents(events)) merged.set(id, key)
    return merged
  }, [events, knownKeys])
  const total = timeline.data?.pages[0]?.meta.total ?? 0

  let body
  if (timeline.isPending) {
    body = (
      <div role="status" aria-label="Loading activity" className="flex flex-col gap-4">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="flex gap-3">
            <Skeleton className="mt-1 size-2.5 rounded-full" />
            <div className="flex flex-1 flex-col gap-1.5">
              <Skeleton className="h-4 w-56" />
              <Skeleton className="h-3 w-40" />
            </div>
          </div>
        ))}
      </div>
    )
  } else if (timeline.isError && events.length === 0) {
    body = (
      <ErrorState
        title="Could not load the activity"
        error={timeline.error}
        onRetry={() => void timeline.refetch()}
        retrying={timeline.isFetching}
      />
    )
  } else if (events.length === 0) {
    body = (
      <EmptyState icon={History} title="No activity yet">
        Assignments, activations, emails and admin actions concerning this customer appear here.
      </EmptyState>
    )
  } else {
    body = (
      <div className="flex flex-col gap-4">
        <ol aria-label="Activity" className="relative flex flex-col gap-5 border-l border-border pl-5">
          {events.map((event) => {
            const detail = eventDetail(event, keys)
            return (
              <li key={event.id} className="relative" data-action={event.action}>
                <span
                  aria-hidden="true"
                  className={`absolute -left-[1.6rem] top-1.5 size-2.5 rounded-full ring-4 ring-card ${dotClass(event.action)}`}
                />
                <div className="flex flex-col gap-0.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                  <p className="text-sm font-medium">{actionLabel(event.action)}</p>
                  <time
                    dateTime={event.occurred_at}
                    title={formatDateTime(event.occurred_at)}
                    className="shrink-0 text-xs text-muted-foreground"
                  >
                    {formatDateTime(event.occurred_at)} · {formatRelative(event.occurred_at)}
                  </time>
                </div>
                <p className="text-sm text-muted-foreground">
                  by {actorLabel(event, keys)}
                  {event.ip_address ? <span> · from {event.ip_address}</span> : null}
                </p>
                {detail ? <p className="text-sm text-muted-foreground">{detail}</p> : null}
              </li>
            )
          })}
        </ol>
        {timeline.isError ? (
          <p role="alert" className="text-sm text-destructive">
            Could not load more activity. Try again.
          </p>
        ) : null}
        {timeline.hasNextPage ? (
          <Button
            variant="outline"
            className="self-start"
            onClick={() => void timeline.fetchNextPage()}
            disabled={timeline.isFetchingNextPage}
          >
            {timeline.isFetchingNextPage ? <Spinner label="Loading more" /> : null}
            Load more
          </Button>
        ) : null}
      </div>
    )
  }

  return (
    <Card aria-labelledby="activity-timeline-heading" role="region">
      <CardHeader>
        <CardTitle id="activity-timeline-heading">Activity Timeline</CardTitle>
        <CardDescription>
          Everything that concerned this customer, newest first
          {total > 0 ? ` (${formatNumber(events.length)} of ${formatNumber(total)} shown)` : ''}.
        </CardDescription>
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  )
}
