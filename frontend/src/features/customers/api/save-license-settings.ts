import { useMutation, useQueryClient } from '@tanstack/react-query'
import { toast } from '@/lib/toast'
import type { License } from '../lib/types'
import { invalidateLicenseViews } from './invalidate'
import { renewLicense } from './renew-license'
import { updateLicense, type UpdateLicenseChanges } from './update-license'

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
