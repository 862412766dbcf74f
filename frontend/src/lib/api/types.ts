// Friendly names for the generated OpenAPI types. Never edit schema.d.ts by hand:
// it is regenerated from ../openapi/openapi.json by `npm run gen:api`.
import type { components } from './schema'

export type Schemas = components['schemas']
export type Admin = Schemas['Admin']
export type AdminRole = Admin['role']
export type LoginRequest = Schemas['LoginRequest']
export type TokenResponse = Schemas['TokenResponse']
export type Problem = Schemas['Problem']
export type LicenseStatus = Schemas['LicenseStatus']
export type ActivationStatus = Schemas['ActivationStatus']
export type PageMeta = Schemas['PageMeta']
export type CustomerDetail = Schemas['CustomerDetail']
export type Customer = Schemas['Customer']
export type Product = Schemas['Product']
export type ReasonRequest = Schemas['ReasonRequest']
export type PreviewRequest = Schemas['PreviewRequest']
export type CreateLicenseRequest = Schemas['CreateLicenseRequest']
export type AssignRequest = Schemas['AssignRequest']
export type PublicKey = Schemas['PublicKey']
export type PublicKeySet = Schemas['PublicKeySet']
