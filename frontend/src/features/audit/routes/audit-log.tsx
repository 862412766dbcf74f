// Replaced by the audit page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/audit`: placeholder until the audit feature lands. */
export function AuditLogPage() {
  return <PageHeader title="Audit log" />
}
