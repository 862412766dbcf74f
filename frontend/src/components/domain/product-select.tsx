import type { ComponentProps } from 'react'
import { Select } from '@/components/ui/select'
import { useProductOptions, type ProductOption } from '@/hooks/use-product-options'

export interface ProductSelectProps extends Omit<ComponentProps<typeof Select>, 'value' | 'onChange' | 'children'> {
  /** The chosen product id; '' for none. */
  value: string
  onValueChange: (productId: string) => void
  /** The first option (value ''): "All products" for a filter, "Choose a product" for a form. */
  emptyLabel: string
  /** The first option's text while the products load; default `emptyLabel`. */
  loadingLabel?: string
  /** What to do with inactive products: list them marked "(inactive)", list them disabled, or leave them out. */
  inactive?: 'show' | 'disable' | 'hide'
  /** The products to offer; default `useProductOptions()` (first 100 by name). */
  products?: ProductOption[]
}

/**
 * The product `<select>` of filters and forms, fed by `useProductOptions` (one cache for
 * every feature). A chosen id that is not among the options (a link to the 101st product,
 * a deleted one) stays selectable as "Unknown product" rather than silently dropped.
 */
export function ProductSelect({
  value,
  onValueChange,
  emptyLabel,
  loadingLabel = emptyLabel,
  inactive = 'show',
  products,
  ...props
}: ProductSelectProps) {
  const query = useProductOptions({ enabled: products === undefined })
  const list = (products ?? query.data?.data ?? []).filter((p) => inactive !== 'hide' || p.status !== 'inactive' || p.id === value)
  const loading = products === undefined && query.isPending
  const known = !value || list.some((p) => p.id === value)
  return (
    <Select value={value} onChange={(e) => onValueChange(e.target.value)} aria-busy={loading || undefined} {...props}>
      <option value="">{loading ? loadingLabel : query.isError && products === undefined ? `${emptyLabel} (list unavailable)` : emptyLabel}</option>
      {!known ? <option value={value}>{loading ? 'Loading…' : 'Unknown product'}</option> : null}
      {list.map((p) => (
        <option key={p.id} value={p.id} disabled={inactive === 'disable' && p.status === 'inactive' && p.id !== value}>
          {p.name}
          {p.status === 'inactive' ? ' (inactive)' : ''}
        </option>
      ))}
    </Select>
  )
}
