// Friendly names for the generated OpenAPI types this feature uses (never hand-written).
import type { components, paths } from '@/lib/api/schema'

type Schemas = components['schemas']

export type License = Schemas['License']
export type LicenseList = Schemas['LicenseList']
export type LicenseStatus = Schemas['LicenseStatus']
export type CreateLicenseRequest = Schemas['CreateLicenseRequest']
export type CreateLicenseResponse = Schemas['CreateLicenseResponse']
export type BatchCreated = Schemas['BatchCreated']
export type CreatedKey = Schemas['CreatedKey']
export type UpdateLicenseRequest = Schemas['UpdateLicenseRequest']
export type AssignRequest = Schemas['AssignRequest']
export type BulkAssignRequest = Schemas['BulkAssignRequest']
export type BulkAssigned = Schemas['BulkAssigned']
export type ImportReport = Schemas['ImportReport']
export type DuplicateRow = Schemas['DuplicateRow']
export type FailedRow = Schemas['FailedRow']
export type Product = Schemas['Product']
export type Generator = Schemas['Generator']
export type GeneratorList = Schemas['GeneratorList']
export type Preview = Schemas['Preview']

/** The list endpoint's query parameters (filters, sort, paging). */
export type LicenseListQuery = NonNullable<paths['/api/v1/admin/licenses']['get']['parameters']['query']>
/** The export endpoint's query parameters: the list's, without paging. */
export type LicenseExportQuery = Omit<
  NonNullable<paths['/api/v1/admin/licenses/export']['get']['parameters']['query']>,
  'page' | 'per_page'
>
export type CustomerList = Schemas['CustomerList']
