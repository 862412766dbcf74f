import { Filter } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list'
import { Dialog } from '@/components/ui/dialog'
import { formatDateTime } from '@/lib/dates'
import { cn } from '@/lib/utils'
import type { AuditEvent } from '../api/types'
import { actionLabel, actorKindLabel, actorLabel, subjectLink, subjectTypeLabel } from '../lib/audit-labels'
import { diffSnapshots, formatValue, prettyJson, type FieldChange } from '../lib/json-diff'

export interface AuditEventDialogProps {
  event: AuditEvent | null
  onClose: () => void
  /** Narrow the trail to this event's actor or subject. */
  onFilterActor: (event: AuditEvent) => void
  onFilterSubject: (event: AuditEvent) => void
}

/** One audit event: who, what, where from, and its before/after snapshots as a field diff and as raw JSON. */
export function AuditEventDialog({ event, onClose, onFilterActor, onFilterSubject }: AuditEventDialogProps) {
  return (
    <Dialog
      open={event !== null}
      onClose={onClose}
      size="xl"
      title={event ? actionLabel(event.action) : 'Audit event'}
      description={event ? <code className="text-xs">{event.action}</code> : undefined}
      footer={
        <Button variant="outline" onClick={onClose}>
          Close
        </Button>
      }
    >
      {event ? <EventBody event={event} onFilterActor={onFilterActor} onFilterSubject={onFilterSubject} /> : null}
    </Dialog>
  )
}

function EventBody({
  event,
  onFilterActor,
  onFilterSubject,
}: {
  event: AuditEvent
  onFilterActor: (event: AuditEvent) => void
  onFilterSubject: (event: AuditEvent) => void
}) {
  const link = subjectLink(event)
  return (
    <div className="flex flex-col gap-6">
      <DescriptionList>
        <DescriptionItem label="When">
          <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time>
        </DescriptionItem>
        <DescriptionItem label="Actor">
          <span className="flex flex-wrap items-center gap-2">
            <Badge variant="secondary" className="font-normal">
              {actorKindLabel(event.actor_kind)}
            </Badge>
            <span>{actorLabel(event)}</span>
            {event.actor_id ? (
              <>
                <code className="text-xs text-muted-foreground break-all">{event.actor_id}</code>
                <Button variant="ghost" size="sm" onClick={() => onFilterActor(event)}>
                  <Filter aria-hidden="true" />
                  Events by this actor
                </Button>
              </>
            ) : null}
          </span>
        </DescriptionItem>
        <DescriptionItem label="Subject">
          <span className="flex flex-wrap items-center gap-2">
            <span>{subjectTypeLabel(event.subject_type)}</span>
            {event.subject_id ? <code className="text-xs text-muted-foreground break-all">{event.subject_id}</code> : null}
            {link ? (
              <Link to={link.to} className="text-sm text-primary underline-offset-4 hover:underline">
                {link.label}
              </Link>
            ) : null}
            {event.subject_id ? (
              <Button variant="ghost" size="sm" onClick={() => onFilterSubject(event)}>
                <Filter aria-hidden="true" />
                Events about this {subjectTypeLabel(event.subject_type).toLowerCase()}
              </Button>
            ) : null}
          </span>
        </DescriptionItem>
        <DescriptionItem label="IP address">
          {event.ip_address ? <span className="font-mono text-xs">{event.ip_address}</span> : <span className="text-muted-foreground">—</span>}
        </DescriptionItem>
        <DescriptionItem label="Request ID">
          {event.request_id ? (
            <span className="inline-flex items-center gap-1 font-mono text-xs break-all">
              {event.request_id}
              <CopyButton value={event.request_id} label="request id" className="size-7" />
            </span>
          ) : (
            <span className="text-muted-foreground">—</span>
          )}
        </DescriptionItem>
        <DescriptionItem label="Event ID">
          <span className="font-mono text-xs break-all">{event.id}</span>
        </DescriptionItem>
      </DescriptionList>
      <ChangesView before={event.before} after={event.after} />
    </div>
  )
}

const CHANGE_LABEL: Record<FieldChange, string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  unchanged: 'Unchanged',
}

const CHANGE_VARIANT: Record<FieldChange, 'success' | 'destructive' | 'warning' | 'muted'> = {
  added: 'success',
  removed: 'destructive',
  changed: 'warning',
  unchanged: 'muted',
}

function ChangesView({ before, after }: { before: unknown; after: unknown }) {
  const [showUnchanged, setShowUnchanged] = useState(false)
  const [view, setView] = useState<'diff' | 'json'>('diff')
  const diff = diffSnapshots(before, after)
  if (diff.length === 0) {
    return (
      <section aria-labelledby="audit-changes" className="flex flex-col gap-2">
        <h3 id="audit-changes" className="text-sm font-semibold">
          Changes
        </h3>
        <p className="text-sm text-muted-foreground">This event records no data snapshot.</p>
      </section>
    )
  }
  const unchanged = diff.filter((d) => d.change === 'unchanged').length
  const shown = showUnchanged ? diff : diff.filter((d) => d.change !== 'unchanged')
  const beforeJson = prettyJson(before)
  const afterJson = prettyJson(after)

  return (
    <section aria-labelledby="audit-changes" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="audit-changes" className="text-sm font-semibold">
          Changes
        </h3>
        <div className="flex items-center gap-1" role="group" aria-label="Show changes as">
          <Button size="sm" variant={view === 'diff' ? 'secondary' : 'ghost'} aria-pressed={view === 'diff'} onClick={() => setView('diff')}>
            Fields
          </Button>
          <Button size="sm" variant={view === 'json' ? 'secondary' : 'ghost'} aria-pressed={view === 'json'} onClick={() => setView('json')}>
            Raw JSON
          </Button>
        </div>
      </div>
      {view === 'diff' ? (
        <>
          <div className="overflow-x-auto rounded-lg border border-border">
            <table className="w-full text-sm" aria-label="Changed fields">
              <thead className="bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Field
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Before
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    After
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((d) => (
                  <tr key={d.field} className="border-t border-border align-top" data-change={d.change}>
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <div className="flex flex-col items-start gap-1">
                        <code className="text-xs font-semibold">{d.field}</code>
                        <Badge variant={CHANGE_VARIANT[d.change]}>{CHANGE_LABEL[d.change]}</Badge>
                      </div>
                    </th>
                    <td className={cn('px-3 py-2', d.change === 'changed' || d.change === 'removed' ? 'bg-destructive/5' : '')}>
                      <ValueCell value={d.before} struck={d.change === 'changed' || d.change === 'removed'} />
                    </td>
                    <td className={cn('px-3 py-2', d.change === 'changed' || d.change === 'added' ? 'bg-emerald-500/5' : '')}>
                      <ValueCell value={d.after} />
                    </td>
                  </tr>
                ))}
                {shown.length === 0 ? (
                  <tr>
                    <td colSpan={3} className="px-3 py-4 text-center text-muted-foreground">
                      No field changed.
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
          {unchanged > 0 ? (
            <Button variant="ghost" size="sm" className="self-start" onClick={() => setShowUnchanged((s) => !s)}>
              {showUnchanged ? 'Hide unchanged fields' : `Show ${unchanged} unchanged field${unchanged === 1 ? '' : 's'}`}
            </Button>
          ) : null}
        </>
      ) : (
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <JsonBlock title="Before" json={beforeJson} />
          <JsonBlock title="After" json={afterJson} />
        </div>
      )}
    </section>
  )
}

function ValueCell({ value, struck = false }: { value: unknown; struck?: boolean }) {
  if (value === undefined) return <span className="text-muted-foreground">—</span>
  if (value === null) return <code className="text-xs text-muted-foreground">null</code>
  const text = formatValue(value)
  const multiline = text.includes('\n')
  return multiline ? (
    <pre className={cn('max-h-48 overflow-auto whitespace-pre-wrap break-all font-mono text-xs', struck && 'line-through decoration-destructive/60')}>{text}</pre>
  ) : (
    <code className={cn('whitespace-pre-wrap break-all text-xs', struck && 'line-through decoration-destructive/60')}>{text}</code>
  )
}

function JsonBlock({ title, json }: { title: string; json: string | null }) {
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <div className="flex items-center justify-between">
        <h4 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{title}</h4>
        {json ? <CopyButton value={json} label={`${title.toLowerCase()} JSON`} className="size-7" /> : null}
      </div>
      {json ? (
        <pre className="max-h-80 overflow-auto rounded-md bg-muted p-3 font-mono text-xs" aria-label={`${title} JSON`}>
          {json}
        </pre>
      ) : (
        <p className="rounded-md bg-muted p-3 text-xs text-muted-foreground">None</p>
      )}
    </div>
  )
}
