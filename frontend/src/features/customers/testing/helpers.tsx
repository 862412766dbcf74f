// Test helpers of the customers feature (Vitest only).
import { configure, render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { vi, type Mock } from 'vitest'
import type { AdminRole } from '@/lib/api/types'
import { sessionFromTokens, setSession } from '@/lib/session'
import { createTestQueryClient, makeAdmin, makeTokens, withQueryClient } from '@/testing/utils'
import type { Activation, Customer, CustomerDetail, License } from '../lib/types'
import { LocationProbe } from './location-probe'

// The detail page loads in two steps (customer, then its sections): allow for a busy machine.
configure({ asyncUtilTimeout: 5000 })
vi.setConfig({ testTimeout: 20_000 })

export function signInAs(role: AdminRole) {
  setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role }) })))
}

/** Renders `element` at `url` under `path` in a memory router, with a fresh query client. */
export function renderAt(path: string, element: ReactElement, url: string) {
  const router = createMemoryRouter(
    [
      {
        path,
        element: (
          <>
            {element}
            <LocationProbe />
          </>
        ),
      },
      { path: '*', element: <LocationProbe /> },
    ],
    { initialEntries: [url] },
  )
  const client = createTestQueryClient()
  render(withQueryClient(<RouterProvider router={router} />, client))
  return { router, client }
}

/** Every URL the stubbed fetch was called with. */
export function requestedUrls(): URL[] {
  const mock = globalThis.fetch as unknown as Mock
  return mock.mock.calls.map(([input]) => new URL((input as Request).url))
}

export function makeCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'c-1',
    name: 'John Smith',
    email: 'john@example.com',
    license_count: 3,
    status: 'active',
    created_at: '2026-01-26T14:03:00Z',
    ...overrides,
  }
}

export function makeCustomerDetail(overrides: Partial<CustomerDetail> = {}): CustomerDetail {
  return {
    id: 'c-1',
    name: 'John Smith',
    email: 'john@example.com',
    status: 'active',
    email_verified: false,
    email_verified_at: null,
    two_factor_enabled: false,
    password_set: false,
    last_login_at: null,
    license_count: 2,
    licenses_by_status: { active: 1, assigned: 1, expired: 0, suspended: 0, revoked: 0 },
    active_activations: 2,
    created_at: '2026-01-26T14:03:00Z',
    updated_at: '2026-01-26T14:03:00Z',
    ...overrides,
  }
}

export function makeLicense(overrides: Partial<License> = {}): License {
  return {
    id: 'l-1',
    key: 'PRO-7K4QX-M2H9T-ZP3WA-C8RVN',
    status: 'active',
    product_id: 'p-1',
    product_name: 'Pro Editor',
    customer_id: 'c-1',
    customer_email: 'john@example.com',
    customer_name: 'John Smith',
    max_activations: 5,
    activations_used: 2,
    expires_at: null,
    metadata: {},
    created_at: '2026-01-26T14:03:00Z',
    updated_at: '2026-01-26T14:03:00Z',
    ...overrides,
  }
}

export function makeActivation(overrides: Partial<Activation> = {}): Activation {
  return {
    id: 'a-1',
    license_id: 'l-1',
    license_key: 'PRO-7K4QX-M2H9T-ZP3WA-C8RVN',
    product_id: 'p-1',
    product_name: 'Pro Editor',
    customer_id: 'c-1',
    identifier: 'OLD-LAPTOP',
    kind: 'device',
    metadata: {},
    ip_address: '203.0.113.7',
    status: 'active',
    activated_at: '2026-01-26T14:03:00Z',
    last_verified_at: null,
    ...overrides,
  }
}

export function page<T>(data: T[], meta: Partial<{ page: number; per_page: number; total: number; total_pages: number; total_capped: boolean }> = {}) {
  return {
    data,
    meta: { page: 1, per_page: 25, total: data.length, total_pages: data.length ? 1 : 0, ...meta },
  }
}

