// Replaced by the customers page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/customers`: placeholder until the customers feature lands. */
export function CustomersListPage() {
  return <PageHeader title="Customers" />
}
