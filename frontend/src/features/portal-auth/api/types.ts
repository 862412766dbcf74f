import type { components } from '@/lib/api/schema'

type Schemas = components['schemas']

export type PortalTokenResponse = Schemas['PortalTokenResponse']
export type PortalLoginRequest = Schemas['LoginRequest']
