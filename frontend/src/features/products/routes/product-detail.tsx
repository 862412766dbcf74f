// Replaced by the products page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/products/:id (product, generators)`: placeholder until the products feature lands. */
export function ProductDetailPage() {
  return <PageHeader title="Product" />
}
