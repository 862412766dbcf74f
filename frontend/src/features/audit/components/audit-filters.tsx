import { X } from 'lucide-react'
import { useId } from 'react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Select } from '@/components/ui/select'
import { useCustomer } from '@/api/customers/get-customer'
import { dateRangeError, isActorKind, type AuditFilterKey, type AuditFilters } from '../lib/audit-filters'
import { ACTION_LABELS, actionGroups, ACTOR_KINDS, actorKindLabel, SUBJECT_TYPES, subjectTypeLabel } from '../lib/audit-labels'

export interface AuditFiltersBarProps {
  filters: AuditFilters
  /** Sets one filter; `replace` for typing (no history entry per keystroke). */
  setFilter: (key: AuditFilterKey, value: string | null, replace?: boolean) => void
  onClear: () => void
  filtered: boolean
}

const GROUPS = actionGroups()

/** Every filter the audit API has: action, actor (kind, id), subject (type, id), customer, date range. */
export function AuditFiltersBar({ filters, setFilter, onClear, filtered }: AuditFiltersBarProps) {
  const ids = {
    action: useId(),
    actorKind: useId(),
    actorId: useId(),
    subjectType: useId(),
    subjectId: useId(),
    since: useId(),
    until: useId(),
    rangeError: useId(),
  }
  const rangeError = dateRangeError(filters.since, filters.until)
  const action = filters.action ?? ''
  const subjectType = filters.subject_type ?? ''

  return (
    <div className="flex flex-col gap-3">
      <div role="group" aria-label="Filters" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.action}>Action</Label>
          <Select id={ids.action} value={action} onChange={(e) => setFilter('action', e.target.value || null)}>
            <option value="">All actions</option>
            {action && !ACTION_LABELS[action] ? <option value={action}>{action}</option> : null}
            {GROUPS.map((g) => (
              <optgroup key={g.group} label={g.group}>
                {g.actions.map((a) => (
                  <option key={a.value} value={a.value}>
                    {a.label} ({a.value})
                  </option>
                ))}
              </optgroup>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.actorKind}>Actor type</Label>
          <Select
            id={ids.actorKind}
            value={isActorKind(filters.actor_kind) ? filters.actor_kind : ''}
            onChange={(e) => setFilter('actor_kind', e.target.value || null)}
          >
            <option value="">Anyone</option>
            {ACTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {actorKindLabel(k)}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.actorId}>Actor ID</Label>
          <Input
            id={ids.actorId}
            value={filters.actor_id ?? ''}
            onChange={(e) => setFilter('actor_id', e.target.value, true)}
            placeholder="Admin, API key or customer id"
            autoComplete="off"
            spellCheck={false}
            className="font-mono text-xs"
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.subjectType}>Subject type</Label>
          <Select id={ids.subjectType} value={subjectType} onChange={(e) => setFilter('subject_type', e.target.value || null)}>
            <option value="">Any subject</option>
            {subjectType && !SUBJECT_TYPES.includes(subjectType) ? <option value={subjectType}>{subjectType}</option> : null}
            {SUBJECT_TYPES.map((t) => (
              <option key={t} value={t}>
                {subjectTypeLabel(t)}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.subjectId}>Subject ID</Label>
          <Input
            id={ids.subjectId}
            value={filters.subject_id ?? ''}
            onChange={(e) => setFilter('subject_id', e.target.value, true)}
            placeholder="e.g. a license or product id"
            autoComplete="off"
            spellCheck={false}
            className="font-mono text-xs"
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.since}>From</Label>
          <Input
            id={ids.since}
            type="date"
            value={filters.since ?? ''}
            max={filters.until || undefined}
            onChange={(e) => setFilter('since', e.target.value || null, true)}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={ids.until}>To</Label>
          <Input
            id={ids.until}
            type="date"
            value={filters.until ?? ''}
            min={filters.since || undefined}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? ids.rangeError : undefined}
            onChange={(e) => setFilter('until', e.target.value || null, true)}
          />
        </div>
        <div className="flex items-end">
          {filtered ? (
            <Button variant="ghost" size="sm" className="mb-0.5" onClick={onClear}>
              Clear filters
            </Button>
          ) : null}
        </div>
      </div>
      {rangeError ? (
        <p id={ids.rangeError} role="alert" className="text-sm text-destructive">
          {rangeError} The end date is ignored until it is fixed.
        </p>
      ) : null}
      {filters.customer_id ? <CustomerChip id={filters.customer_id} onRemove={() => setFilter('customer_id', null)} /> : null}
    </div>
  )
}

function CustomerChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const customer = useCustomer(id, { staleTime: 60_000 })
  const text = customer.data ? customer.data.email : customer.isPending ? 'Loading…' : id
  return (
    <div role="group" aria-label="Applied filters" className="flex flex-wrap gap-2">
      <span className="inline-flex max-w-full items-center gap-1 rounded-full border border-border bg-muted/60 py-0.5 pl-3 pr-1 text-sm">
        <span className="text-muted-foreground">Customer:</span>
        <span className="min-w-0 truncate font-medium" title={id}>
          {text}
        </span>
        <button
          type="button"
          onClick={onRemove}
          aria-label="Remove customer filter"
          title="Remove customer filter"
          className="ml-0.5 inline-flex size-6 items-center justify-center rounded-full text-muted-foreground hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <X aria-hidden="true" className="size-3.5" />
        </button>
      </span>
    </div>
  )
}
