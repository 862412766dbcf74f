import { useMutation, useQueryClient } from '@tanstack/react-query'
import { assignLicense } from '@/api/licenses/assign-license'
import { createLicenses, singleLicense } from '@/api/licenses/create-licenses'
import { invalidateLicenseViews } from '@/api/licenses/keys'
import type { AssignRequest, CreateLicenseRequest } from '@/lib/api/types'
import { ApiError, errorMessage } from '@/lib/problem'
import { toast } from '@/lib/toast'
import type { License } from '../lib/types'

/** One license of a product; `max_activations` null/absent uses the product's default. */
export type CreateLicenseInput = Pick<CreateLicenseRequest, 'max_activations' | 'notes'> & {
  product_id: NonNullable<CreateLicenseRequest['product_id']>
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

/**
 * "Assign New License": `POST /api/v1/admin/licenses` for one license of the product, then
 * `POST /api/v1/admin/licenses/{id}/assign` to this customer's email (both calls from `@/api/licenses`).
 */
export async function createAndAssignLicense({ email, ...input }: CreateAndAssignInput): Promise<License> {
  const body: CreateLicenseRequest = { product_id: input.product_id }
  if (input.max_activations !== undefined && input.max_activations !== null) body.max_activations = input.max_activations
  if (input.notes) body.notes = input.notes
  const created = singleLicense(await createLicenses(body))
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
    // The union of what creating and assigning refresh; the license may exist even after an error.
    onSettled: () => invalidateLicenseViews(queryClient, { products: true }),
  })
}
