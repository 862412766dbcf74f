import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { ApiError, errorMessage, toApiError } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { License } from '../lib/types'
import { assignLicense } from './assign-license'
import { invalidateLicenseViews } from './invalidate'

export interface CreateLicenseInput {
  product_id: string
  /** Overrides the product's default; null/undefined uses it. */
  max_activations?: number | null
  notes?: string | null
}

/** `POST /api/v1/admin/licenses` for one license of a product. Admin and up. */
export async function createLicense(input: CreateLicenseInput): Promise<License> {
  const body: CreateLicenseInput = { product_id: input.product_id }
  if (input.max_activations !== undefined && input.max_activations !== null) body.max_activations = input.max_activations
  if (input.notes) body.notes = input.notes
  const { data, error, response } = await api.POST('/api/v1/admin/licenses', { body })
  if (!data) throw toApiError(error, response)
  if (!('key' in data)) throw new Error('The server answered with a batch instead of one license.')
  return data
}

export interface CreateAndAssignInput extends CreateLicenseInput {
  email: string
}

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
