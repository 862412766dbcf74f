// Replaced by the admins page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/admins`: placeholder until the admins feature lands. */
export function AdminsListPage() {
  return <PageHeader title="Admins" />
}
