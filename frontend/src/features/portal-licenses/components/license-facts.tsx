import { ActivationsCell } from '@/components/domain/activations-cell'
import { LicenseStatusBadge } from '@/components/domain/license-status-badge'
import { MaskedKey } from '@/components/domain/masked-key'
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list'
import { formatDate } from '@/lib/dates'
import type { PortalLicense } from '../api/types'

/** Key (masked, reveal and copy), status, expiry and device slots of one license. */
export function LicenseFacts({ license }: { license: PortalLicense }) {
  return (
    <DescriptionList>
      <DescriptionItem label="License key">
        <MaskedKey value={license.key} />
      </DescriptionItem>
      <DescriptionItem label="Status">
        <LicenseStatusBadge status={license.status} />
      </DescriptionItem>
      <DescriptionItem label="Expires">{license.expires_at ? formatDate(license.expires_at) : 'Never'}</DescriptionItem>
      <DescriptionItem label="Activations">
        <ActivationsCell used={license.activations_used} max={license.max_activations} />
      </DescriptionItem>
    </DescriptionList>
  )
}
