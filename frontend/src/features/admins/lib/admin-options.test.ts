import { describe, expect, it } from 'vitest'
import { adminChanges, assignableRoles, selfChangeWarning, toAdminQuery } from './admin-options'

describe('adminChanges', () => {
  const before = { name: 'Sam Support', role: 'operator' as const, status: 'active' as const }

  it('sends only what changed', () => {
    expect(adminChanges(before, { name: 'Sam Support', role: 'operator', status: 'active' })).toEqual({})
    expect(adminChanges(before, { name: ' Sam S. ', role: 'admin', status: 'inactive' })).toEqual({
      name: 'Sam S.',
      role: 'admin',
      status: 'inactive',
    })
  })

  it('clears an emptied name with null', () => {
    expect(adminChanges(before, { name: '  ', role: 'operator', status: 'active' })).toEqual({ name: null })
    expect(adminChanges({ ...before, name: null }, { name: '', role: 'operator', status: 'active' })).toEqual({})
  })
})

describe('selfChangeWarning', () => {
  const me = { role: 'super_admin' as const, status: 'active' as const }
  it('warns before you lock yourself out', () => {
    expect(selfChangeWarning(me, { role: 'super_admin', status: 'inactive' })).toMatch(/signs you out/)
    expect(selfChangeWarning(me, { role: 'admin', status: 'active' })).toMatch(/no longer be able to manage admins/)
    expect(selfChangeWarning(me, me)).toBeNull()
  })
})

describe('assignableRoles and toAdminQuery', () => {
  it('never offers a role above your own', () => {
    expect(assignableRoles('super_admin')).toEqual(['viewer', 'operator', 'admin', 'super_admin'])
    expect(assignableRoles('admin')).toEqual(['viewer', 'operator', 'admin'])
    expect(assignableRoles(undefined)).toEqual([])
  })

  it('drops unknown filters and sorts from the URL', () => {
    expect(toAdminQuery({ page: 2, per_page: 25, search: 'sam', sort: '-last_login_at', role: 'admin', status: 'inactive' })).toEqual({
      page: 2,
      per_page: 25,
      search: 'sam',
      sort: '-last_login_at',
      role: 'admin',
      status: 'inactive',
    })
    expect(toAdminQuery({ page: 1, per_page: 25, sort: 'password', role: 'root', status: 'gone' })).toEqual({ page: 1, per_page: 25 })
  })
})
