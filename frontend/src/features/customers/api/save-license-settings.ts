import { useMutation, useQueryClient } from '@tanstack/react-query'
import { invalidateLicenseViews } from '@/api/licenses/keys'
import { renewLicense } from '@/api/licenses/renew-license'
import { updateLicense, type UpdateLicenseRequest } from '@/api/licenses/update-license'
import { toast } from '@/lib/toast'
import type { License } from '../lib/types'

export type UpdateLicenseChanges = Pick<UpdateLicenseRequest, 'max_activations' | 'notes'>

export interface SaveLicenseSettingsInput {
  id: string
  /** Limit and notes, when changed (PATCH). */
  changes?: UpdateLicenseChanges
  /** A new expiry, when changed: ISO timestamp, or null for perpetual (renew). */
  expiresAt?: string | null
}

/** The edit dialog's Save: PATCH for limit/notes, then renew for the expiry; only what changed. */
export async function saveLicenseSettings({ id, changes, expiresAt }: SaveLicenseSettingsInput): Promise<License | null> {
  let license: License | null = null
  if (changes && Object.keys(changes).length > 0) license = await updateLicense(id, changes)
  if (expiresAt !== undefined) license = await renewLicense(id, expiresAt)
  return license
}

export function useSaveLicenseSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: saveLicenseSettings,
    onSuccess: () => toast.success('License updated'),
    // Part of it may have been saved before an error: refresh either way.
    onSettled: () => invalidateLicenseViews(queryClient),
  })
}
