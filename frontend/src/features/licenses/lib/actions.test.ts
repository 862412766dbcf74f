import { describe, expect, it } from 'vitest'
import type { AdminRole } from '@/lib/api/types'
import { hasRole } from '@/lib/roles'
import { licenseActions } from './actions'
import { makeLicense, ownedLicense } from './test-data'

const as = (role: AdminRole) => (min: AdminRole) => hasRole(role, min)

describe('licenseActions', () => {
  it('gives a viewer nothing', () => {
    expect(licenseActions(ownedLicense('a@x.com'), as('viewer'))).toEqual([])
  })

  it('lets an operator assign, transfer, suspend and reinstate only', () => {
    expect(licenseActions(makeLicense(), as('operator'))).toEqual(['assign', 'suspend'])
    expect(licenseActions(ownedLicense('a@x.com', { status: 'active' }), as('operator'))).toEqual(['transfer', 'suspend'])
    expect(licenseActions(ownedLicense('a@x.com', { status: 'suspended' }), as('operator'))).toEqual(['reinstate'])
  })

  it('gives an admin everything the status allows', () => {
    expect(licenseActions(ownedLicense('a@x.com'), as('admin'))).toEqual([
      'transfer',
      'unassign',
      'suspend',
      'renew',
      'edit',
      'revoke',
      'delete',
    ])
    expect(licenseActions(makeLicense(), as('super_admin'))).toEqual(['assign', 'suspend', 'renew', 'edit', 'revoke', 'delete'])
  })

  it('offers renew but not transfer for an expired license', () => {
    expect(licenseActions(ownedLicense('a@x.com', { status: 'expired' }), as('admin'))).toEqual([
      'unassign',
      'suspend',
      'renew',
      'edit',
      'revoke',
      'delete',
    ])
  })

  it('leaves only edit and delete on a revoked license', () => {
    expect(licenseActions(ownedLicense('a@x.com', { status: 'revoked' }), as('admin'))).toEqual(['edit', 'delete'])
    expect(licenseActions(ownedLicense('a@x.com', { status: 'revoked' }), as('operator'))).toEqual([])
  })
})
