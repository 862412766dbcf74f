import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { emailSettingsKeys } from './keys'
import type { EmailSettings } from './types'

/** `GET /api/v1/admin/settings/email` (super admins): the settings in effect and their source; never the password. */
export async function getEmailSettings(signal?: AbortSignal): Promise<EmailSettings> {
  const { data, error, response } = await api.GET('/api/v1/admin/settings/email', { signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useEmailSettings() {
  return useQuery({
    queryKey: emailSettingsKeys.all,
    queryFn: ({ signal }) => getEmailSettings(signal),
    // A refetch would reset the form (it is keyed by the saved version) while someone edits it.
    refetchOnWindowFocus: false,
  })
}
