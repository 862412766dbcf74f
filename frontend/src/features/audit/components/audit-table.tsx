import { Link } from 'react-router'
import { Badge } from '@/components/ui/badge'
import { SortableHeader } from '@/components/ui/sortable-header'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatDateTime, formatRelative } from '@/lib/dates'
import type { AuditEvent } from '../api/types'
import { actionLabel, actorKindLabel, actorLabel, shortId, subjectLink, subjectTypeLabel } from '../lib/audit-labels'

export interface AuditTableProps {
  rows: AuditEvent[]
  sort: string | null
  onSort: (sort: string) => void
  onOpen: (event: AuditEvent) => void
  /** When the rows were fetched, for "5 minutes ago". */
  now: number
}

/** The trail: time, actor, action (label + code), subject (linked where it still exists). Rows open the event. */
export function AuditTable({ rows, sort, onSort, onOpen, now }: AuditTableProps) {
  return (
    <Table aria-label="Audit events">
      <TableHeader>
        <TableRow>
          <SortableHeader column="occurred_at" sort={sort} onSort={onSort}>
            Time
          </SortableHeader>
          <TableHead>Actor</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Subject</TableHead>
          <TableHead>IP address</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((event) => {
          const link = subjectLink(event)
          const label = actionLabel(event.action)
          return (
            <TableRow key={event.id} onActivate={() => onOpen(event)} aria-label={`View event: ${label}`} data-event-id={event.id}>
              <TableCell className="whitespace-nowrap">
                <time dateTime={event.occurred_at} className="flex flex-col">
                  <span>{formatDateTime(event.occurred_at)}</span>
                  <span className="text-xs text-muted-foreground">{formatRelative(event.occurred_at, now)}</span>
                </time>
              </TableCell>
              <TableCell className="max-w-64">
                <div className="flex flex-col items-start gap-0.5">
                  <Badge variant="secondary" className="font-normal">
                    {actorKindLabel(event.actor_kind)}
                  </Badge>
                  <span className="max-w-full truncate" title={event.actor_id ?? undefined}>
                    {actorLabel(event)}
                  </span>
                </div>
              </TableCell>
              <TableCell>
                <div className="flex flex-col">
                  <span className="font-medium">{label}</span>
                  <code className="text-xs text-muted-foreground">{event.action}</code>
                </div>
              </TableCell>
              <TableCell>
                <div className="flex flex-col">
                  <span>{subjectTypeLabel(event.subject_type)}</span>
                  {event.subject_id ? (
                    link ? (
                      <Link
                        to={link.to}
                        className="font-mono text-xs text-primary underline-offset-4 hover:underline"
                        title={`${link.label} (${event.subject_id})`}
                        aria-label={`${link.label} ${shortId(event.subject_id)}`}
                      >
                        {shortId(event.subject_id)}
                      </Link>
                    ) : (
                      <span className="font-mono text-xs text-muted-foreground" title={event.subject_id}>
                        {shortId(event.subject_id)}
                      </span>
                    )
                  ) : null}
                </div>
              </TableCell>
              <TableCell className="whitespace-nowrap font-mono text-xs">
                {event.ip_address ?? <span className="text-muted-foreground">—</span>}
              </TableCell>
            </TableRow>
          )
        })}
      </TableBody>
    </Table>
  )
}
