import { BookOpen, ExternalLink, FileJson } from 'lucide-react'
import type { ReactNode } from 'react'
import { Badge } from '@/components/ui/badge'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import type { Admin } from '@/lib/api/types'
import { formatDateTime } from '@/lib/format'
import { roleLabel } from '@/lib/roles'

export interface DashboardPageProps {
  admin: Pick<Admin, 'email' | 'name' | 'role' | 'last_login_at' | 'two_factor_enabled'>
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="text-sm font-medium sm:col-span-2">{children}</dd>
    </div>
  )
}

/** `/admin`: the signed-in admin's overview. */
export function DashboardPage({ admin }: DashboardPageProps) {
  const displayName = admin.name?.trim() || admin.email
  const lastLogin = admin.last_login_at ?? null

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
        <p className="text-muted-foreground">Welcome, {displayName}</p>
      </div>

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
                {admin.two_factor_enabled ? (
                  <Badge variant="success">Enabled</Badge>
                ) : (
                  <Badge variant="warning">Not enabled</Badge>
                )}
              </Row>
              <Row label="Last sign-in">
                {lastLogin ? <time dateTime={lastLogin}>{formatDateTime(lastLogin)}</time> : 'Never'}
              </Row>
            </dl>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>API</CardTitle>
            <CardDescription>
              Everything in this portal is also available through the REST API, for scripts and integrations.
            </CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <a
              href="/api/docs"
              target="_blank"
              rel="noreferrer"
              className="group flex items-start gap-3 rounded-lg border border-border p-3 transition-colors hover:bg-accent"
            >
              <BookOpen className="mt-0.5 size-4 text-primary" aria-hidden="true" />
              <span className="flex flex-col">
                <span className="inline-flex items-center gap-1 text-sm font-medium">
                  Interactive API docs
                  <ExternalLink className="size-3 text-muted-foreground" aria-hidden="true" />
                  <span className="sr-only">(opens in a new tab)</span>
                </span>
                <span className="text-sm text-muted-foreground">Browse and try every endpoint.</span>
              </span>
            </a>
            <a
              href="/api/openapi.json"
              target="_blank"
              rel="noreferrer"
              className="group flex items-start gap-3 rounded-lg border border-border p-3 transition-colors hover:bg-accent"
            >
              <FileJson className="mt-0.5 size-4 text-primary" aria-hidden="true" />
              <span className="flex flex-col">
                <span className="inline-flex items-center gap-1 text-sm font-medium">
                  OpenAPI specification
                  <ExternalLink className="size-3 text-muted-foreground" aria-hidden="true" />
                  <span className="sr-only">(opens in a new tab)</span>
                </span>
                <span className="text-sm text-muted-foreground">Generate a client in your language.</span>
              </span>
            </a>
          </CardContent>
        </Card>
      </div>
    </div>
  )
}
