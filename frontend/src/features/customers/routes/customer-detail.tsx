// Replaced by the customers page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/customers/:id`: placeholder until the customers feature lands. */
export function CustomerDetailPage() {
  return <PageHeader title="Customer" />
}
