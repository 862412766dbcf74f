import { BookOpen, ExternalLink, FileJson, RotateCw } from 'lucide-react'
import type { ReactNode } from 'react'
import { useSearchParams } from 'react-router'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { Skeleton } from '@/components/ui/skeleton'
import { Spinner } from '@/components/ui/spinner'
import type { Admin } from '@/lib/api/types'
import { formatDateTime, formatRelative } from '@/lib/dates'
import { roleLabel } from '@/lib/roles'
import { useStats } from '../api/get-stats'
import { LicenseBreakdown, StatCards, StatCardsSkeleton } from '../components/stat-cards'
import { UsagePanel } from '../components/usage-panel'
import { DEFAULT_RANGE, parseRange, type RangeDays } from '../lib/range'

export interface DashboardPageProps {
  admin: Pick<Admin, 'email' | 'name' | 'role' | 'last_login_at' | 'two_factor_enabled'>
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2.5 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="text-sm font-medium sm:col-span-2">{children}</dd>
    </div>
  )
}

/** `/admin`: the numbers (customers, licenses by status, devices, expiring soon), licensing traffic, and your account. */
export function DashboardPage({ admin }: DashboardPageProps) {
  const displayName = admin.name?.trim() || admin.email
  const lastLogin = admin.last_login_at ?? null
  const [searchParams, setSearchParams] = useSearchParams()
  const days = parseRange(searchParams.get('days'))
  const stats = useStats(days)
  const data = stats.data

  const setDays = (next: RangeDays) =>
    setSearchParams(
      (prev) => {
        const params = new URLSearchParams(prev)
        if (next === DEFAULT_RANGE) params.delete('days')
        else params.set('days', String(next))
        return params
      },
      { replace: true },
    )

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-6">
      <PageHeader
        title="Dashboard"
        description={`Welcome, ${displayName}`}
        actions={
          data ? (
            <div className="flex items-center gap-2 text-xs text-muted-foreground">
              <span>
                Updated{' '}
                <time dateTime={data.generated_at} title={formatDateTime(data.generated_at)}>
                  {formatRelative(data.generated_at)}
                </time>
              </span>
              <Button variant="ghost" size="icon" className="size-8" aria-label="Refresh the numbers" onClick={() => void stats.refetch()} disabled={stats.isFetching}>
                {stats.isFetching ? <Spinner label="Refreshing" /> : <RotateCw aria-hidden="true" />}
              </Button>
            </div>
          ) : null
        }
      />

      {stats.isError && !data ? (
        <ErrorState title="Could not load the numbers" error={stats.error} onRetry={() => void stats.refetch()} retrying={stats.isFetching} />
      ) : null}
      {stats.isError && data ? (
        <ErrorState
          title="Could not refresh the numbers"
          error={stats.error}
          onRetry={() => void stats.refetch()}
          retrying={stats.isFetching}
          className="py-4"
        />
      ) : null}

      {data ? (
        <>
          <StatCards stats={data} />
          <LicenseBreakdown counts={data.licenses} />
        </>
      ) : stats.isPending ? (
        <div role="status" aria-label="Loading the numbers" className="flex flex-col gap-6">
          <StatCardsSkeleton />
          <Skeleton className="h-36 w-full rounded-xl" />
        </div>
      ) : null}

      {!stats.isError || data ? (
        <UsagePanel usage={data?.usage} days={days} onDaysChange={setDays} loading={stats.isPlaceholderData && stats.isFetching} />
      ) : null}

      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Your account</CardTitle>
            <CardDescription>The admin you are signed in as.</CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="divide-y divide-border">
              {admin.name ? <Row label="Name">{admin.name}</Row> : null}
              <Row label="Email">{admin.email}</Row>
              <Row label="Role">
                <Badge variant="secondary" data-testid="dashboard-role">
                  {roleLabel(admin.role)}
                </Badge>
              </Row>
              <Row label="Two-factor authentication">
                {admin.two_factor_enabled ? <Badge variant="success">Enabled</Badge> : <Badge variant="warning">Not enabled</Badge>}
              </Row>
              <Row label="Last sign-in">{lastLogin ? <time dateTime={lastLogin}>{formatDateTime(lastLogin)}</time> : 'Never'}</Row>
            </dl>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>API</CardTitle>
            <CardDescription>Everything in this portal is also available through the REST API, for scripts and integrations.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <ApiLink href="/api/docs" icon={<BookOpen className="mt-0.5 size-4 text-primary" aria-hidden="true" />} title="Interactive API docs">
              Browse and try every endpoint.
            </ApiLink>
            <ApiLink href="/api/openapi.json" icon={<FileJson className="mt-0.5 size-4 text-primary" aria-hidden="true" />} title="OpenAPI specification">
              Generate a client in your language.
            </ApiLink>
          </CardContent>
        </Card>
      </div>
    </div>
  )
}

function ApiLink({ href, icon, title, children }: { href: string; icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer"
      className="group flex items-start gap-3 rounded-lg border border-border p-3 transition-colors hover:bg-accent"
    >
      {icon}
      <span className="flex flex-col">
        <span className="inline-flex items-center gap-1 text-sm font-medium">
          {title}
          <ExternalLink className="size-3 text-muted-foreground" aria-hidden="true" />
          <span className="sr-only">(opens in a new tab)</span>
        </span>
        <span className="text-sm text-muted-foreground">{children}</span>
      </span>
    </a>
  )
}
