import type { components } from '@/lib/api/schema'

type Schemas = components['schemas']

export type PortalTokenResponse = Schemas['PortalTokenResponse']
/** Email, password and (second step) the 2FA code; never `include_refresh_token` (that is for API clients). */
export type PortalLoginRequest = Omit<Schemas['LoginRequest'], 'include_refresh_token'>
