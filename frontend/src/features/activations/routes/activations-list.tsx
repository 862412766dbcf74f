// Replaced by the activations page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/activations`: placeholder until the activations feature lands. */
export function ActivationsListPage() {
  return <PageHeader title="Activations" />
}
