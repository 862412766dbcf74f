import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { pluralize } from '@/lib/format'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenses } from './keys'
import type { BatchCreated, CreateLicenseRequest, CreateLicenseResponse, License } from './types'

/** `POST /api/v1/admin/licenses`: one license, or a batch (`generator_id` + `count`). */
export async function createLicenses(body: CreateLicenseRequest): Promise<CreateLicenseResponse> {
  const { data, error, response } = await api.POST('/api/v1/admin/licenses', { body })
  if (!data) throw toApiError(error, response)
  return data
}

export function isBatch(created: CreateLicenseResponse): created is BatchCreated {
  return 'licenses' in created && Array.isArray(created.licenses)
}

/** The created keys as `{id, key}`, whichever shape the answer has. */
export function createdKeys(created: CreateLicenseResponse): Array<{ id: string; key: string }> {
  if (isBatch(created)) return created.licenses
  const one = created as License
  return [{ id: one.id, key: one.key }]
}

export function useCreateLicenses() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createLicenses,
    onSuccess: (created) => {
      toast.success(`Created ${pluralize(createdKeys(created).length, 'license')}`)
      void invalidateLicenses(queryClient, { products: true })
    },
  })
}
