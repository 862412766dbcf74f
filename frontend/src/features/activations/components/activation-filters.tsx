import { useEffect, useId, useRef, useState } from 'react'
import { ProductSelect } from '@/components/domain/product-select'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Select } from '@/components/ui/select'
import { useCustomer } from '@/api/customers/get-customer'
import { useProductOptions } from '@/hooks/use-product-options'
import { maskKey } from '@/lib/mask'
import { ACTIVATION_STATUSES, statusLabel } from '@/lib/statuses'
import { useLicense } from '@/api/licenses/get-license'
import {
  isActivationStatus,
  MAX_STALE_DAYS,
  parseStaleDays,
  STALE_PRESETS,
  staleSelectValue,
  type ActivationFilterKey,
  type ActivationFilters,
} from '../lib/activation-filters'
import { FilterChip } from './filter-chip'

export interface ActivationFiltersBarProps {
  filters: ActivationFilters
  /** `replace` swaps the current history entry instead of pushing one (typing). */
  setFilter: (key: ActivationFilterKey, value: string | number | null, options?: { replace?: boolean }) => void
  onClear: () => void
  filtered: boolean
}

/** Status, product and staleness selects, and chips for the license/customer filters that links bring. */
export function ActivationFiltersBar({ filters, setFilter, onClear, filtered }: ActivationFiltersBarProps) {
  const statusId = useId()
  const productId = useId()
  const products = useProductOptions()
  const status = isActivationStatus(filters.status) ? filters.status : ''
  // "Clear filters" also resets a half-typed custom day count.
  const [resets, setResets] = useState(0)
  const clear = () => {
    setResets((n) => n + 1)
    onClear()
  }

  return (
    <div className="flex flex-col gap-3">
      <div role="group" aria-label="Filters" className="flex flex-wrap items-end gap-3">
        <div className="flex w-40 flex-col gap-1.5">
          <Label htmlFor={statusId}>Status</Label>
          <Select id={statusId} value={status} onChange={(e) => setFilter('status', e.target.value || null)}>
            <option value="">All statuses</option>
            {ACTIVATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex w-56 flex-col gap-1.5">
          <Label htmlFor={productId}>Product</Label>
          <ProductSelect
            id={productId}
            value={filters.product_id ?? ''}
            onValueChange={(id) => setFilter('product_id', id || null)}
            emptyLabel="All products"
          />
        </div>
        <StaleFilter
          key={resets}
          value={filters.stale_days}
          onChange={(days, options) => setFilter('stale_days', days ?? null, options)}
        />
        {filtered ? (
          <Button variant="ghost" size="sm" className="mb-0.5" onClick={clear}>
            Clear filters
          </Button>
        ) : null}
      </div>
      {products.isError ? (
        <p className="text-sm text-destructive" role="alert">
          Could not load the products for the filter.
        </p>
      ) : null}
      {filters.license_id || filters.customer_id ? (
        <div className="flex flex-wrap items-center gap-2" aria-label="Applied filters" role="group">
          {filters.license_id ? <LicenseChip id={filters.license_id} onRemove={() => setFilter('license_id', null)} /> : null}
          {filters.customer_id ? <CustomerChip id={filters.customer_id} onRemove={() => setFilter('customer_id', null)} /> : null}
        </div>
      ) : null}
    </div>
  )
}

function LicenseChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const license = useLicense(id, { staleTime: 5 * 60_000, retry: false })
  const text = license.data ? maskKey(license.data.key) : license.isPending ? 'Loading…' : id
  return (
    <FilterChip label="License" onRemove={onRemove}>
      <span className="font-mono text-xs" title={id}>
        {text}
      </span>
    </FilterChip>
  )
}

function CustomerChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const customer = useCustomer(id, { staleTime: 60_000 })
  const text = customer.data ? customer.data.email : customer.isPending ? 'Loading…' : id
  return (
    <FilterChip label="Customer" onRemove={onRemove}>
      <span title={id}>{text}</span>
    </FilterChip>
  )
}

/** How long the custom day count waits after the last keystroke before it filters. */
const STALE_DAYS_DEBOUNCE_MS = 400

/**
 * "Stale for": any time, 7/30/90 days, or a custom number of days (1…3650). The URL holds
 * `stale_days`; the custom field keeps what is being typed until it is a valid number, and
 * applies it 400 ms after the last keystroke, replacing the history entry (typing "120"
 * is one request and one Back step, not three).
 */
function StaleFilter({
  value,
  onChange,
}: {
  value: string | undefined
  onChange: (days: number | undefined, options?: { replace?: boolean }) => void
}) {
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const cancelPending = () => clearTimeout(pending.current)
  useEffect(() => () => clearTimeout(pending.current), [])
  const selectId = useId()
  const inputId = useId()
  const hintId = useId()
  const days = parseStaleDays(value)
  const [customMode, setCustomMode] = useState(() => days !== undefined && !(STALE_PRESETS as readonly number[]).includes(days))
  const [text, setText] = useState(days !== undefined ? String(days) : '')
  // Follow the URL when it changes from outside (Back, "Clear filters", a preset).
  const [synced, setSynced] = useState(value)
  if (synced !== value) {
    setSynced(value)
    if (parseStaleDays(text) !== days) setText(days !== undefined ? String(days) : '')
    if (days === undefined && value === undefined && customMode && parseStaleDays(text) !== undefined) setCustomMode(false)
  }
  const selected = staleSelectValue(days, customMode)
  const showCustom = selected === 'custom'
  const invalid = showCustom && text.trim() !== '' && parseStaleDays(text) === undefined

  return (
    <div className="flex items-end gap-2">
      <div className="flex w-44 flex-col gap-1.5">
        <Label htmlFor={selectId}>Stale for</Label>
        <Select
          id={selectId}
          value={selected}
          onChange={(e) => {
            const next = e.target.value
            cancelPending()
            if (next === 'custom') {
              setCustomMode(true)
              return
            }
            setCustomMode(false)
            setText(next)
            onChange(parseStaleDays(next))
          }}
        >
          <option value="">Any time</option>
          {STALE_PRESETS.map((d) => (
            <option key={d} value={String(d)}>
              {d}+ days
            </option>
          ))}
          <option value="custom">Custom…</option>
        </Select>
      </div>
      {showCustom ? (
        <div className="flex w-32 flex-col gap-1.5">
          <Label htmlFor={inputId}>Days not verified</Label>
          <Input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_STALE_DAYS}
            step={1}
            value={text}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? hintId : undefined}
            onChange={(e) => {
              const next = e.target.value
              setText(next)
              cancelPending()
              const parsed = parseStaleDays(next)
              if (parsed === undefined && next.trim() !== '') return
              pending.current = setTimeout(() => onChange(parsed, { replace: true }), STALE_DAYS_DEBOUNCE_MS)
            }}
          />
          {invalid ? (
            <p id={hintId} className="sr-only">
              Enter a whole number of days from 1 to {MAX_STALE_DAYS}.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
