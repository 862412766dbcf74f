import { useId, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Select } from '@/components/ui/select'
import { maskKey } from '@/lib/mask'
import { ACTIVATION_STATUSES, statusLabel } from '@/lib/statuses'
import { useProductOptions } from '../api/list-product-options'
import { useCustomerLookup, useLicenseLookup } from '../api/lookups'
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
  setFilter: (key: ActivationFilterKey, value: string | number | null) => void
  onClear: () => void
  filtered: boolean
}

/** Status, product and staleness selects, and chips for the license/customer filters that links bring. */
export function ActivationFiltersBar({ filters, setFilter, onClear, filtered }: ActivationFiltersBarProps) {
  const statusId = useId()
  const productId = useId()
  const products = useProductOptions()
  const status = isActivationStatus(filters.status) ? filters.status : ''
  const productList = products.data?.data ?? []
  const selectedProductKnown = !filters.product_id || productList.some((p) => p.id === filters.product_id)
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
          <Select
            id={productId}
            value={filters.product_id ?? ''}
            onChange={(e) => setFilter('product_id', e.target.value || null)}
            aria-busy={products.isPending || undefined}
          >
            <option value="">All products</option>
            {productList.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.status === 'inactive' ? ' (inactive)' : ''}
              </option>
            ))}
            {!selectedProductKnown ? <option value={filters.product_id}>{products.isPending ? 'Loading…' : 'Unknown product'}</option> : null}
          </Select>
        </div>
        <StaleFilter key={resets} value={filters.stale_days} onChange={(days) => setFilter('stale_days', days ?? null)} />
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
  const license = useLicenseLookup(id)
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
  const customer = useCustomerLookup(id)
  const text = customer.data ? customer.data.email : customer.isPending ? 'Loading…' : id
  return (
    <FilterChip label="Customer" onRemove={onRemove}>
      <span title={id}>{text}</span>
    </FilterChip>
  )
}

/**
 * "Stale for": any time, 7/30/90 days, or a custom number of days (1…3650). The URL holds
 * `stale_days`; the custom field keeps what is being typed until it is a valid number.
 */
function StaleFilter({ value, onChange }: { value: string | undefined; onChange: (days: number | undefined) => void }) {
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
              setText(e.target.value)
              const parsed = parseStaleDays(e.target.value)
              if (parsed !== undefined || e.target.value.trim() === '') onChange(parsed)
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
