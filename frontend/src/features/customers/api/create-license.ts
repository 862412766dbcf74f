import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AssignRequest, CreateLicenseRequest } from '@/lib/api/types'
import { ApiError, errorMessage, toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { License } from '../lib/types'
import { assignLicense } from './assign-license'
import { invalidateLicenseViews } from './invalidate'

/** One license of a product; `max_activations` null/absent uses the product's default. */
export type CreateLicenseInput = Pick<CreateLicenseRequest, 'max_activations' | 'notes'> & {
  product_id: NonNullable<CreateLicenseRequest['product_id']>
}

/** `POST /api/v1/admin/licenses` for one license of a product. Admin and up. */
export async function createLicense(input: CreateLicenseInput): Promise<License> {
  const body: CreateLicenseRequest = { product_id: input.product_id }
  if (input.max_activations !== undefined && input.max_activations !== null) body.max_activations = input.max_activations
  if (input.notes) body.notes = input.notes
  const { data, error, response } = await api.POST('/api/v1/admin/licenses', { body })
  if (!data) throw toApiError(error, response)
  if (!('key' in data)) throw new Error('The server answered with a batch instead of one license.')
  return data
}

export type CreateAndAssignInput = CreateLicenseInput & Pick<AssignRequest, 'email'>

/** The license was created but the assignment was refused: say so, with its key. */
export class AssignAfterCreateError extends Error {
  readonly license: License

  constructor(license: License, cause: unknown) {
    super(`License ${license.key} was created but could not be assigned: ${errorMessage(cause)}`, { cause })
    this.name = 'AssignAfterCreateError'
    this.license = license
  }

  get fieldErrors(): Record<string, string[]> {
    return this.cause instanceof ApiError ? this.cause.fieldErrors : {}
  }
}

/** "Assign New License": creates a license of the product and assigns it to this customer's email. */
export async function createAndAssignLicense({ email, ...input }: CreateAndAssignInput): Promise<License> {
  const created = await createLicense(input)
  try {
    return await assignLicense({ id: created.id, email })
  } catch (error) {
    throw new AssignAfterCreateError(created, error)
  }
}

export function useCreateAndAssignLicense() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createAndAssignLicense,
    onSuccess: (license) => toast.success(`License ${license.key} assigned`),
    onSettled: () => invalidateLicenseViews(queryClient),
  })
}
