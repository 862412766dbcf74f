import { Activity, CalendarClock, Ticket, Users, type LucideIcon } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import type { LicenseStatus } from '@/lib/api/types'
import { formatNumber } from '@/lib/format'
import { LICENSE_STATUSES, statusLabel } from '@/lib/statuses'
import { cn } from '@/lib/utils'
import { statLinks } from '../lib/stat-links'
import type { Stats } from '../lib/types'

const cardLink =
  'group flex flex-col gap-3 rounded-xl border border-border bg-card p-5 text-card-foreground shadow-sm transition-colors hover:border-primary/40 hover:bg-accent/40 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring'

/** One number that opens the list it counts. */
export function StatCard({ label, value, hint, icon: Icon, to }: { label: string; value: number; hint: ReactNode; icon: LucideIcon; to: string }) {
  return (
    <Link to={to} className={cardLink} data-testid={`stat-${label.toLowerCase().replace(/\W+/g, '-')}`}>
      <span className="flex items-center justify-between gap-2 text-sm font-medium text-muted-foreground">
        {label}
        <Icon aria-hidden="true" className="size-4" />
      </span>
      <span className="text-3xl font-semibold tabular-nums tracking-tight">{formatNumber(value)}</span>
      <span className="text-xs text-muted-foreground group-hover:text-foreground">{hint}</span>
    </Link>
  )
}

/** The four headline numbers. */
export function StatCards({ stats }: { stats: Stats }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard label="Customers" value={stats.customers} icon={Users} to={statLinks.customers} hint="View all customers" />
      <StatCard label="Licenses" value={stats.licenses.total} icon={Ticket} to={statLinks.licenses} hint="View all licenses" />
      <StatCard
        label="Active activations"
        value={stats.active_activations}
        icon={Activity}
        to={statLinks.activeActivations}
        hint="Devices and domains holding a slot"
      />
      <StatCard
        label={`Expiring in ${stats.expiring_within_days} days`}
        value={stats.expiring_soon}
        icon={CalendarClock}
        to={statLinks.expiringSoon(stats.expiring_within_days)}
        hint="Not suspended or revoked"
      />
    </div>
  )
}

export function StatCardsSkeleton() {
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4" aria-hidden="true">
      {Array.from({ length: 4 }, (_, i) => (
        <div key={i} className="flex flex-col gap-3 rounded-xl border border-border bg-card p-5">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="h-8 w-16" />
          <Skeleton className="h-3 w-32" />
        </div>
      ))}
    </div>
  )
}

// Bar colours per status; the list beside the bar names each status in text.
const STATUS_COLORS: Record<LicenseStatus, string> = {
  available: 'bg-zinc-400 dark:bg-zinc-500',
  assigned: 'bg-sky-500',
  active: 'bg-emerald-500',
  expired: 'bg-zinc-300 dark:bg-zinc-600',
  suspended: 'bg-amber-500',
  revoked: 'bg-red-500',
}

/** Licenses by derived status: a proportional bar and a list linking to each filtered list. */
export function LicenseBreakdown({ counts }: { counts: Stats['licenses'] }) {
  const total = counts.total
  return (
    <Card>
      <CardHeader className="pb-4">
        <CardTitle>Licenses by status</CardTitle>
        <CardDescription>{total === 0 ? 'No licenses yet.' : `${formatNumber(total)} in total. Open a status to see its licenses.`}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {total > 0 ? (
          <div className="flex h-2.5 w-full overflow-hidden rounded-full bg-muted" aria-hidden="true">
            {LICENSE_STATUSES.map((status) =>
              counts[status] > 0 ? (
                <div key={status} className={STATUS_COLORS[status]} style={{ width: `${(counts[status] / total) * 100}%` }} />
              ) : null,
            )}
          </div>
        ) : null}
        <ul className="grid gap-2 sm:grid-cols-3 lg:grid-cols-6" aria-label="Licenses by status">
          {LICENSE_STATUSES.map((status) => (
            <li key={status}>
              <Link
                to={statLinks.licenseStatus(status)}
                className={cn(
                  'flex flex-col gap-1 rounded-lg border border-border px-3 py-2 transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                )}
              >
                <span className="flex items-center gap-2 text-xs text-muted-foreground">
                  <span aria-hidden="true" className={cn('size-2 rounded-full', STATUS_COLORS[status])} />
                  {statusLabel(status)}
                </span>
                <span className="text-lg font-semibold tabular-nums">
                  {formatNumber(counts[status])}
                  {total > 0 ? (
                    <span className="ml-1.5 text-xs font-normal text-muted-foreground">{Math.round((counts[status] / total) * 100)}%</span>
                  ) : null}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  )
}
