import type { License } from '../api/types'

let next = 1

/** A license as the API returns it, for unit tests. */
export function makeLicense(overrides: Partial<License> = {}): License {
  const n = next++
  return {
    id: `lic-${n}`,
    key: `PRO-AAAA-BBBB-${String(n).padStart(4, '0')}`,
    status: 'available',
    product_id: 'prod-1',
    product_name: 'Pro Editor',
    customer_id: null,
    customer_email: null,
    customer_name: null,
    generator_id: null,
    max_activations: 3,
    activations_used: 0,
    expires_at: null,
    validity_days: null,
    assigned_at: null,
    suspended_at: null,
    suspend_reason: null,
    revoked_at: null,
    revoke_reason: null,
    notes: null,
    metadata: {},
    created_at: '2026-01-20T08:00:00Z',
    updated_at: '2026-01-20T08:00:00Z',
    ...overrides,
  }
}

/** An owned license (status `assigned` unless given). */
export function ownedLicense(email: string, overrides: Partial<License> = {}): License {
  return makeLicense({
    status: 'assigned',
    customer_id: `cust-${email}`,
    customer_email: email,
    assigned_at: '2026-01-21T08:00:00Z',
    ...overrides,
  })
}
