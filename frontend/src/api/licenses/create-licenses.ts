import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Schemas } from '@/lib/api/types'
import { pluralize } from '@/lib/format'
import { toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { invalidateLicenseViews } from './keys'

type CreateLicenseRequest = Schemas['CreateLicenseRequest']
type CreateLicenseResponse = Schemas['CreateLicenseResponse']
type BatchCreated = Schemas['BatchCreated']
type License = Schemas['License']

/** `POST /api/v1/admin/licenses`: one license, or a batch (`generator_id` + `count`). Admin and up. */
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

/** The one license of a single create (throws when the server answered with a batch). */
export function singleLicense(created: CreateLicenseResponse): License {
  if (isBatch(created) || !('key' in created)) throw new Error('The server answered with a batch instead of one license.')
  return created
}

/**
 * Creates, toasts "Created N licenses" (unless `silent`: a caller that says more itself),
 * and refreshes every license view and the per-product counts.
 */
export function useCreateLicenses({ silent = false }: { silent?: boolean } = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createLicenses,
    onSuccess: (created) => {
      if (!silent) toast.success(`Created ${pluralize(createdKeys(created).length, 'license')}`)
    },
    // A caller may go on (assign) and fail after this succeeded: refresh either way.
    onSettled: () => invalidateLicenseViews(queryClient, { products: true }),
  })
}
