import { describe, expect, it } from 'vitest'
import { currentPath, loginPath, safeReturnPath } from './auth-redirect'

describe('loginPath', () => {
  it('carries the path, query and hash to come back to', () => {
    expect(loginPath('/admin/customers?search=john&page=2')).toBe(
      '/admin/login?return=%2Fadmin%2Fcustomers%3Fsearch%3Djohn%26page%3D2',
    )
    expect(loginPath('/admin')).toBe('/admin/login?return=%2Fadmin')
  })

  it('drops return targets that are off-site or the login page', () => {
    expect(loginPath('https://evil.example/')).toBe('/admin/login')
    expect(loginPath('//evil.example/admin')).toBe('/admin/login')
    expect(loginPath('/admin/login?return=%2Fadmin')).toBe('/admin/login')
    expect(loginPath()).toBe('/admin/login')
  })
})

describe('safeReturnPath', () => {
  it('keeps site-relative paths', () => {
    expect(safeReturnPath('/admin/licenses?status=active#top')).toBe('/admin/licenses?status=active#top')
  })

  it('falls back to the dashboard for anything else', () => {
    for (const raw of [null, '', 'admin', 'https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/admin/login']) {
      expect(safeReturnPath(raw)).toBe('/admin')
    }
  })

  it('round-trips through the login URL', () => {
    const target = '/admin/customers/42?tab=licenses'
    const url = new URL(loginPath(target), 'http://localhost')
    expect(safeReturnPath(url.searchParams.get('return'))).toBe(target)
  })
})

describe('currentPath', () => {
  it('joins pathname, search and hash', () => {
    expect(currentPath({ pathname: '/admin/x', search: '?a=1', hash: '#b' })).toBe('/admin/x?a=1#b')
  })
})
