import { BookOpen, LineChart } from 'lucide-react'
import { lazy, Suspense } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { Skeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatNumber } from '@/lib/format'
import { formatUtcDay } from '@/lib/dates'
import { hasTraffic, usageSummary, usageTotals } from '../lib/chart-data'
import { RANGE_OPTIONS, type RangeDays } from '../lib/range'
import type { UsageDay } from '../lib/types'

// uPlot (and its CSS) load only when there is something to draw.
const UsageChart = lazy(() => import('./usage-chart'))

export interface UsagePanelProps {
  usage: UsageDay[] | undefined
  days: RangeDays
  onDaysChange: (days: RangeDays) => void
  /** A new range is loading (the previous one still shows). */
  loading?: boolean
}

function RangeSelector({ days, onChange }: { days: RangeDays; onChange: (days: RangeDays) => void }) {
  return (
    <div role="group" aria-label="Time range" className="inline-flex rounded-md border border-border bg-background p-0.5">
      {RANGE_OPTIONS.map((option) => (
        <Button
          key={option}
          variant={option === days ? 'secondary' : 'ghost'}
          size="sm"
          aria-pressed={option === days}
          className="h-7 px-2.5"
          onClick={() => onChange(option)}
        >
          {option} days
        </Button>
      ))}
    </div>
  )
}

/** Licensing-API traffic per day: the chart, a text summary, totals, and the numbers as a table. */
export function UsagePanel({ usage, days, onDaysChange, loading = false }: UsagePanelProps) {
  const totals = usage ? usageTotals(usage) : null
  const traffic = usage ? hasTraffic(usage) : false

  return (
    <Card aria-busy={loading || undefined}>
      <CardHeader className="flex flex-col gap-3 pb-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-1.5">
          <CardTitle>Licensing traffic</CardTitle>
          <CardDescription>Activations and validations from your software, per day (UTC).</CardDescription>
        </div>
        <RangeSelector days={days} onChange={onDaysChange} />
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {!usage ? (
          <Skeleton className="h-[280px] w-full" />
        ) : !traffic ? (
          <EmptyState
            icon={LineChart}
            title="No licensing traffic yet"
            action={
              <a href="/api/docs" target="_blank" rel="noreferrer" className="inline-flex items-center gap-1.5 text-sm font-medium text-primary hover:underline">
                <BookOpen aria-hidden="true" className="size-4" />
                Licensing API reference
                <span className="sr-only">(opens in a new tab)</span>
              </a>
            }
          >
            Nothing was activated or validated in the last {days} days. Once your software calls
            <code className="mx-1 font-mono text-xs">/api/v1/licensing/activate</code>and
            <code className="mx-1 font-mono text-xs">/validate</code>, the daily counts appear here within seconds.
          </EmptyState>
        ) : (
          <figure className="flex flex-col gap-3">
            <div className={loading ? 'opacity-60 transition-opacity' : undefined}>
              <Suspense fallback={<Skeleton className="h-[280px] w-full" />}>
                <UsageChart usage={usage} />
              </Suspense>
            </div>
            <figcaption className="text-sm text-muted-foreground" data-testid="usage-summary">
              {usageSummary(usage, days)}
            </figcaption>
          </figure>
        )}

        {totals ? (
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" aria-label={`Totals for the last ${days} days`}>
            {[
              ['Activations', totals.activations],
              ['Validations', totals.validations],
              ['Failed validations', totals.failed_validations],
              ['Deactivations', totals.deactivations],
              ['Refused activations', totals.refused_activations],
            ].map(([label, value]) => (
              <div key={label} className="rounded-lg bg-muted/50 px-3 py-2">
                <dt className="text-xs text-muted-foreground">{label}</dt>
                <dd className="text-lg font-semibold tabular-nums">{formatNumber(Number(value))}</dd>
              </div>
            ))}
          </dl>
        ) : null}

        {usage && traffic ? (
          <details className="group text-sm">
            <summary className="cursor-pointer rounded-md py-1 font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
              Show the numbers as a table
            </summary>
            <div className="mt-3">
              <Table>
                <TableCaption className="sr-only">Licensing traffic per day, last {days} days, newest first</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHead>Day (UTC)</TableHead>
                    <TableHead className="text-right">Activations</TableHead>
                    <TableHead className="text-right">Validations</TableHead>
                    <TableHead className="text-right">Failed validations</TableHead>
                    <TableHead className="text-right">Deactivations</TableHead>
                    <TableHead className="text-right">Refused activations</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {[...usage].reverse().map((day) => (
                    <TableRow key={day.date}>
                      <TableCell className="whitespace-nowrap">
                        <time dateTime={day.date}>{formatUtcDay(day.date)}</time>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{formatNumber(day.activations)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatNumber(day.validations)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatNumber(day.failed_validations)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatNumber(day.deactivations)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatNumber(day.refused_activations)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </details>
        ) : null}
      </CardContent>
    </Card>
  )
}
