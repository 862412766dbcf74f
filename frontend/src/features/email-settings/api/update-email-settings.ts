import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { emailSettingsKeys } from './keys'
import type { EmailSettings, UpdateEmailSettingsRequest } from './types'

/**
 * `PUT /api/v1/admin/settings/email` (super admins): replaces the saved settings. Without
 * `password` the saved one is kept; `password: null` removes it. 422 names the fields.
 */
export async function updateEmailSettings(body: UpdateEmailSettingsRequest): Promise<EmailSettings> {
  const { data, error, response } = await api.PUT('/api/v1/admin/settings/email', { body })
  if (!data) throw toApiError(error, response)
  return data
}

export function useUpdateEmailSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateEmailSettings,
    onSuccess: (settings) => {
      toast.success('Email settings saved')
      queryClient.setQueryData(emailSettingsKeys.all, settings)
    },
  })
}
