import type { components } from '@/lib/api/schema'

type Schemas = components['schemas']

export type PortalDashboard = Schemas['PortalDashboard']
export type PortalLicense = Schemas['PortalLicense']
export type PortalLicenseList = Schemas['PortalLicenseList']
export type PortalActivation = Schemas['PortalActivation']
export type PortalActivationList = Schemas['PortalActivationList']
