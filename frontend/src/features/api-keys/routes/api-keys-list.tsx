// Replaced by the api-keys page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/api-keys`: placeholder until the api-keys feature lands. */
export function ApiKeysListPage() {
  return <PageHeader title="API keys" />
}
