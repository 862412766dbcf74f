import { Search, X } from 'lucide-react'
import { useId } from 'react'
import { ProductSelect } from '@/components/domain/product-select'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Select } from '@/components/ui/select'
import type { ListParams } from '@/hooks/use-list-params'
import { LICENSE_STATUSES, statusLabel } from '@/lib/statuses'
import { isDateRangeReversed, type LicenseFilter } from '../lib/filters'
import { CustomerFilterChip } from './customer-filter-chip'
import { CustomerPicker } from './customer-picker'

/** Search, status, product, customer (picker and chip), expiry range; everything lives in the URL. */
export function LicenseFilters({ params }: { params: ListParams<LicenseFilter> }) {
  const id = useId()
  const { filters } = params
  const reversed = isDateRangeReversed(filters.expires_from, filters.expires_to)

  return (
    <div className="flex flex-col gap-3" role="search" aria-label="Filter licenses">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 2xl:grid-cols-[minmax(14rem,2fr)_repeat(5,minmax(8rem,1fr))]">
        <div className="flex flex-col gap-1.5 sm:col-span-2 2xl:col-span-1">
          <Label htmlFor={`${id}-search`}>Search</Label>
          <div className="relative">
            <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
            <Input
              id={`${id}-search`}
              type="search"
              value={params.search}
              onChange={(e) => params.setSearch(e.target.value)}
              placeholder="Start of a key, customer name or email"
              className="pl-8"
              autoComplete="off"
              spellCheck={false}
            />
          </div>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-status`}>Status</Label>
          <Select id={`${id}-status`} value={filters.status ?? ''} onChange={(e) => params.setFilter('status', e.target.value)}>
            <option value="">All statuses</option>
            {LICENSE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-product`}>Product</Label>
          <ProductSelect
            id={`${id}-product`}
            value={filters.product_id ?? ''}
            onValueChange={(productId) => params.setFilter('product_id', productId)}
            emptyLabel="All products"
          />
        </div>
        <CustomerPicker onSelect={(customer) => params.setFilter('customer_id', customer.id)} />
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-from`}>Expires from</Label>
          <Input
            id={`${id}-from`}
            type="date"
            value={filters.expires_from ?? ''}
            max={filters.expires_to}
            onChange={(e) => params.setFilter('expires_from', e.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-to`}>Expires to</Label>
          <Input
            id={`${id}-to`}
            type="date"
            value={filters.expires_to ?? ''}
            min={filters.expires_from}
            onChange={(e) => params.setFilter('expires_to', e.target.value)}
            aria-invalid={reversed || undefined}
            aria-describedby={reversed ? `${id}-range` : undefined}
          />
        </div>
      </div>
      {reversed ? (
        <p id={`${id}-range`} className="text-sm text-destructive">
          “Expires to” is before “Expires from”: no license can match.
        </p>
      ) : null}
      {filters.customer_id || params.isFiltered ? (
        <div className="flex flex-wrap items-center gap-2">
          {filters.customer_id ? (
            <CustomerFilterChip customerId={filters.customer_id} onRemove={() => params.setFilter('customer_id', null)} />
          ) : null}
          {filters.expires_from || filters.expires_to ? (
            <span className="text-sm text-muted-foreground">Perpetual licenses never match an expiry range.</span>
          ) : null}
          {params.isFiltered ? (
            <Button
              variant="ghost"
              size="sm"
              onClick={() =>
                params.setParams({
                  search: null,
                  status: null,
                  product_id: null,
                  customer_id: null,
                  expires_from: null,
                  expires_to: null,
                })
              }
            >
              <X aria-hidden="true" />
              Clear filters
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
