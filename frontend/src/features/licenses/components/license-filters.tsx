import { Search, X } from 'lucide-react'
import { useId } from 'react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Select } from '@/components/ui/select'
import type { ListParams } from '@/hooks/use-list-params'
import { LICENSE_STATUSES, statusLabel } from '@/lib/statuses'
import { useProducts } from '../api/list-products'
import { isDateRangeReversed, type LicenseFilter } from '../lib/filters'
import { CustomerFilterChip } from './customer-filter-chip'

/** Search, status, product, expiry range, and the customer chip; everything lives in the URL. */
export function LicenseFilters({ params }: { params: ListParams<LicenseFilter> }) {
  const id = useId()
  const products = useProducts()
  const { filters } = params
  const productList = products.data?.data ?? []
  const selectedProductMissing = !!filters.product_id && !productList.some((p) => p.id === filters.product_id)
  const reversed = isDateRangeReversed(filters.expires_from, filters.expires_to)

  return (
    <div className="flex flex-col gap-3" role="search" aria-label="Filter licenses">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(14rem,2fr)_repeat(4,minmax(8rem,1fr))]">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-search`}>Search</Label>
          <div className="relative">
            <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
            <Input
              id={`${id}-search`}
              type="search"
              value={params.search}
              onChange={(e) => params.setSearch(e.target.value)}
              placeholder="License key or customer email"
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
          <Select
            id={`${id}-product`}
            value={filters.product_id ?? ''}
            onChange={(e) => params.setFilter('product_id', e.target.value)}
            aria-busy={products.isLoading || undefined}
          >
            <option value="">{products.isError ? 'All products (list unavailable)' : 'All products'}</option>
            {selectedProductMissing ? <option value={filters.product_id}>{products.isLoading ? 'Loading…' : 'Selected product'}</option> : null}
            {productList.map((product) => (
              <option key={product.id} value={product.id}>
                {product.name}
                {product.status === 'inactive' ? ' (inactive)' : ''}
              </option>
            ))}
          </Select>
        </div>
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
