import { Badge } from '@/components/ui/badge'
import { licenseCountLabel } from '../lib/display'

/** The Licenses column: an outlined badge, "1 License" / "3 Licenses" / "0 Licenses". */
export function LicenseCountBadge({ count }: { count: number }) {
  return <Badge variant="outline">{licenseCountLabel(count)}</Badge>
}
