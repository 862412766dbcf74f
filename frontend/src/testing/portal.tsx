import { render } from '@testing-library/react'
import { StrictMode, type ReactElement } from 'react'
import { createMemoryRouter, RouterProvider, type InitialEntry, type RouteObject } from 'react-router'
import { Toaster } from '@/components/ui/toaster'
import type { components } from '@/lib/api/schema'
import { setPortalSession, startImpersonation } from '@/lib/portal-session'
import { withQueryClient } from './utils'

type Schemas = components['schemas']

export function makePortalMe(overrides: Partial<Schemas['PortalMe']> = {}): Schemas['PortalMe'] {
  return {
    id: '01943b6e-0000-7000-8000-00000000c001',
    name: 'Grace Hopper',
    email: 'grace@example.com',
    status: 'active',
    email_verified: true,
    two_factor_enabled: false,
    last_login_at: '2026-01-26T14:03:00Z',
    created_at: '2026-01-02T09:00:00Z',
    impersonated: false,
    read_only: false,
    ...overrides,
  }
}

export function makePortalTokens(overrides: Partial<Schemas['PortalTokenResponse']> = {}): Schemas['PortalTokenResponse'] {
  return { access_token: 'portal-access-1', token_type: 'Bearer', expires_in: 900, customer: makePortalMe(), ...overrides }
}

export function makePortalLicense(overrides: Partial<Schemas['PortalLicense']> = {}): Schemas['PortalLicense'] {
  return {
    id: 'lic-1',
    key: 'PRO-7K4QX-M2H9T-ZP3WA-C8RVN',
    status: 'active',
    product_id: 'prod-1',
    product_name: 'Pro Editor',
    expires_at: '2027-03-01T00:00:00Z',
    max_activations: 3,
    activations_used: 1,
    created_at: '2026-01-02T09:00:00Z',
    valid: true,
    explanation: 'Valid until 1 March 2027.',
    ...overrides,
  }
}

export function makePortalActivation(overrides: Partial<Schemas['PortalActivation']> = {}): Schemas['PortalActivation'] {
  return {
    id: 'act-1',
    license_id: 'lic-1',
    license_key: 'PRO-7K4QX-M2H9T-ZP3WA-C8RVN',
    product_name: 'Pro Editor',
    identifier: 'HW-5C1F-22AB-9E07',
    kind: 'device',
    name: 'Office iMac',
    platform: 'macOS 15',
    status: 'active',
    activated_at: '2026-01-02T09:12:00Z',
    last_verified_at: null,
    deactivated_at: null,
    deactivation_reason: null,
    ...overrides,
  }
}

/** A page of a list answer: `{data, meta}`. */
export function portalPage<T>(data: T[]) {
  return { data, meta: { page: 1, per_page: 25, total: data.length, total_pages: data.length ? 1 : 0 } }
}

/** Signs a customer in (as after a password sign-in): the session is in memory. */
export function signInCustomer(me = makePortalMe(), token = 'portal-access-1') {
  setPortalSession(token, me)
}

/** Opens a read-only "View as customer" session in this (test) tab. */
export function viewAsCustomer(token = 'impersonation-token-1') {
  startImpersonation(token)
}

/**
 * Renders `element` at `path` (visited as `url`), with an empty catch-all for wherever it
 * navigates (read `router.state.location`), and the toaster. `strict` renders in StrictMode, which runs effects twice.
 */
export function renderPortalPage(
  path: string,
  element: ReactElement,
  url: InitialEntry = path,
  { extra = [], strict = false }: { extra?: RouteObject[]; strict?: boolean } = {},
) {
  const router = createMemoryRouter([{ path, element }, ...extra, { path: '*', element: null }], { initialEntries: [url] })
  const app = withQueryClient(
    <>
      <RouterProvider router={router} />
      <Toaster />
    </>,
  )
  render(strict ? <StrictMode>{app}</StrictMode> : app)
  return router
}
