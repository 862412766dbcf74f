import { CalendarClock, KeyRound, Monitor, ShieldCheck, type LucideIcon } from 'lucide-react'
import { Link } from 'react-router'
import { Card, CardContent } from '@/components/ui/card'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { Skeleton } from '@/components/ui/skeleton'
import { usePortalMe } from '@/hooks/use-portal-session'
import { formatNumber } from '@/lib/format'
import { usePortalDashboard } from '../api/get-dashboard'

interface Stat {
  label: string
  value: number
  to: string
  link: string
  icon: LucideIcon
}

/** `/portal`: the four counts, each leading to the page that lists them. */
export function PortalDashboardPage() {
  const me = usePortalMe()
  const dashboard = usePortalDashboard()
  const who = me.data?.name || me.data?.email

  const stats: Stat[] = dashboard.data
    ? [
        { label: 'Licenses', value: dashboard.data.licenses_total, to: '/portal/licenses', link: 'View my licenses', icon: KeyRound },
        { label: 'Active licenses', value: dashboard.data.licenses_active, to: '/portal/licenses', link: 'View my licenses', icon: ShieldCheck },
        { label: 'Activations in use', value: dashboard.data.activations_in_use, to: '/portal/activations?status=active', link: 'View activations', icon: Monitor },
        { label: 'Expiring within 30 days', value: dashboard.data.expiring_soon, to: '/portal/licenses', link: 'View my licenses', icon: CalendarClock },
      ]
    : []

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Dashboard" description={who ? `Welcome, ${who}` : 'Your licenses and devices at a glance.'} />
      {dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} retrying={dashboard.isFetching} />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Summary">
          {dashboard.data
            ? stats.map((stat) => (
                <li key={stat.label}>
                  <Card className="h-full">
                    <CardContent className="flex flex-col gap-2 pt-6">
                      <div className="flex items-center justify-between text-sm text-muted-foreground">
                        <span>{stat.label}</span>
                        <stat.icon aria-hidden="true" className="size-4" />
                      </div>
                      <p className="text-3xl font-semibold tabular-nums" data-testid={`stat-${stat.label}`}>
                        {formatNumber(stat.value)}
                      </p>
                      <Link to={stat.to} className="text-sm text-primary underline-offset-4 hover:underline">
                        {stat.link}
                        <span className="sr-only"> ({stat.label.toLowerCase()})</span>
                      </Link>
                    </CardContent>
                  </Card>
                </li>
              ))
            : Array.from({ length: 4 }, (_, i) => (
                <li key={i}>
                  <Skeleton className="h-32" />
                </li>
              ))}
        </ul>
      )}
    </div>
  )
}
