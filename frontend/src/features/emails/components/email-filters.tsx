import { Search } from 'lucide-react'
import { useId } from 'react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Select } from '@/components/ui/select'
import type { ListParams } from '@/hooks/use-list-params'
import { statusLabel } from '@/lib/statuses'
import { DELIVERY_STATUSES, EMAIL_TEMPLATES, isDeliveryStatus, isEmailTemplate, type EmailFilterKey } from '../lib/email-filters'

export interface EmailFiltersProps {
  params: ListParams<EmailFilterKey>
  filtered: boolean
  onClear: () => void
}

/** Recipient search, status and type (the template); all of it lives in the URL. */
export function EmailFilters({ params, filtered, onClear }: EmailFiltersProps) {
  const id = useId()
  const { filters } = params
  return (
    <div role="search" aria-label="Filter emails" className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="flex flex-1 flex-col gap-1.5">
        <Label htmlFor={`${id}-search`}>Recipient</Label>
        <div className="relative">
          <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            id={`${id}-search`}
            type="search"
            value={params.search}
            onChange={(e) => params.setSearch(e.target.value)}
            placeholder="Email address or part of it, e.g. @company.com"
            className="pl-8"
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      </div>
      <div className="flex flex-col gap-1.5 sm:w-40">
        <Label htmlFor={`${id}-status`}>Status</Label>
        <Select
          id={`${id}-status`}
          value={isDeliveryStatus(filters.status) ? filters.status : ''}
          onChange={(e) => params.setFilter('status', e.target.value)}
        >
          <option value="">All statuses</option>
          {DELIVERY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5 sm:w-52">
        <Label htmlFor={`${id}-template`}>Type</Label>
        <Select
          id={`${id}-template`}
          value={isEmailTemplate(filters.template) ? filters.template : ''}
          onChange={(e) => params.setFilter('template', e.target.value)}
        >
          <option value="">All types</option>
          {Object.entries(EMAIL_TEMPLATES).map(([template, label]) => (
            <option key={template} value={template}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      {filtered ? (
        <Button variant="ghost" size="sm" className="mb-0.5" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
    </div>
  )
}
