// Replaced by the profile page.
import { PageHeader } from '@/components/ui/page-header'

/** `/admin/profile`: placeholder until the profile feature lands. */
export function ProfilePage() {
  return <PageHeader title="Profile" />
}
