import { RelativeTime } from '@/components/ui/relative-time'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatDateTime } from '@/lib/dates'
import { formatNumber } from '@/lib/format'
import { cn } from '@/lib/utils'
import type { EmailDelivery } from '../api/types'
import { templateLabel } from '../lib/email-filters'
import { EmailStatusBadge } from './email-status-badge'

export interface EmailsTableProps {
  rows: EmailDelivery[]
  /** When the rows were fetched: "in 3 minutes" and "5 minutes ago" count from it. */
  now: number
  /** The previous page is shown while the next one loads. */
  stale?: boolean
}

function NextAttempt({ mail, now }: { mail: EmailDelivery; now: number }) {
  if (mail.status === 'sending') return <span>In progress</span>
  if (!mail.next_attempt_at) return <span className="text-muted-foreground">—</span>
  // An overdue attempt is taken by the worker's next poll, not at a time worth counting down to.
  if (new Date(mail.next_attempt_at).getTime() <= now) {
    return (
      <time dateTime={mail.next_attempt_at} title={formatDateTime(mail.next_attempt_at)}>
        Due now
      </time>
    )
  }
  return <RelativeTime value={mail.next_attempt_at} now={now} />
}

/** The outbox: who, which mail, where it stands, how often it was tried and why it failed. */
export function EmailsTable({ rows, now, stale = false }: EmailsTableProps) {
  return (
    <Table aria-label="Email deliveries" aria-busy={stale || undefined} className={cn(stale && 'opacity-60')}>
      <TableHeader>
        <TableRow>
          <TableHead>Recipient</TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Attempts</TableHead>
          <TableHead>Last error</TableHead>
          <TableHead>Next attempt</TableHead>
          <TableHead>Sent</TableHead>
          <TableHead>Queued</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((mail) => (
          <TableRow key={mail.id} data-email-id={mail.id} aria-label={`${templateLabel(mail.template)} to ${mail.to}`}>
            <TableCell className="max-w-64">
              <span className="block truncate font-medium" title={mail.to}>
                {mail.to}
              </span>
            </TableCell>
            <TableCell>
              <div className="flex flex-col">
                <span>{templateLabel(mail.template)}</span>
                <code className="text-xs text-muted-foreground">{mail.template}</code>
              </div>
            </TableCell>
            <TableCell>
              <EmailStatusBadge status={mail.status} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatNumber(mail.attempts)}</TableCell>
            <TableCell className="max-w-sm">
              {mail.last_error ? (
                <p className="line-clamp-3 min-w-48 break-words text-xs text-destructive" title={mail.last_error}>
                  {mail.last_error}
                </p>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <NextAttempt mail={mail} now={now} />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <RelativeTime value={mail.sent_at} now={now} never={mail.status === 'failed' ? 'Not sent' : '—'} />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <RelativeTime value={mail.created_at} now={now} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
