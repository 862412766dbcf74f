// Replaced by the licenses page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/licenses`: placeholder until the licenses feature lands. */
export function LicensesListPage() {
  return <PageHeader title="Licenses" />
}
