// Friendly names for the generated OpenAPI types this feature uses (never hand-written).
import type { components, paths } from '@/lib/api/schema'

type Schemas = components['schemas']

export type Customer = Schemas['Customer']
export type CustomerDetail = Schemas['CustomerDetail']
export type CustomerStatus = Schemas['CustomerStatus']
export type CustomerList = Schemas['CustomerList']
export type CustomerErased = Schemas['CustomerErased']
export type UpdateCustomerRequest = Schemas['UpdateCustomerRequest']
export type Impersonation = Schemas['Impersonation']
export type EmailQueued = Schemas['EmailQueued']
export type License = Schemas['License']
export type LicenseList = Schemas['LicenseList']
export type Activation = Schemas['Activation']
export type ActivationList = Schemas['ActivationList']
export type AuditEvent = Schemas['AuditEvent']
export type AuditEventList = Schemas['AuditEventList']
export type ActorKind = Schemas['ActorKind']
export type Product = Schemas['Product']
export type PageMeta = Schemas['PageMeta']
export type UpdateLicenseRequest = Schemas['UpdateLicenseRequest']

export type CustomersQuery = NonNullable<paths['/api/v1/admin/customers']['get']['parameters']['query']>
export type CustomerLicensesQuery = NonNullable<paths['/api/v1/admin/customers/{id}/licenses']['get']['parameters']['query']>
export type CustomerActivationsQuery = NonNullable<
  paths['/api/v1/admin/customers/{id}/activations']['get']['parameters']['query']
>
export type CustomerExportFormat = NonNullable<
  NonNullable<paths['/api/v1/admin/customers/{id}/export']['get']['parameters']['query']>['format']
>
