// Replaced by the products page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/products`: placeholder until the products feature lands. */
export function ProductsListPage() {
  return <PageHeader title="Products" />
}
