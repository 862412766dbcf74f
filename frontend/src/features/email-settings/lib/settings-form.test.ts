import { describe, expect, it } from 'vitest'
import type { EmailSettings } from '../api/types'
import { initialValues, isDirty, localErrors, passwordChange, portForTls, toUpdateRequest } from './settings-form'

const saved: EmailSettings = {
  source: 'database',
  host: 'smtp.example.com',
  port: 2525,
  username: 'licensing@example.com',
  password_set: true,
  tls: 'tls',
  from_address: 'licensing@example.com',
  from_name: null,
  updated_at: '2026-11-29T10:00:00Z',
}

describe('settings form', () => {
  it('fills the form from the settings in effect, and from sensible defaults when there are none', () => {
    expect(initialValues(saved)).toEqual({
      host: 'smtp.example.com',
      port: '2525',
      username: 'licensing@example.com',
      tls: 'tls',
      from_address: 'licensing@example.com',
      from_name: '',
    })
    const none: EmailSettings = { source: 'none', password_set: false, from_address: 'no-reply@localhost', host: null, port: null, tls: null }
    expect(initialValues(none)).toMatchObject({ host: '', port: '587', tls: 'starttls', from_address: 'no-reply@localhost' })
  })

  it('sends the password only when replaced, null when removed, and blank optional fields as null', () => {
    const values = { ...initialValues(saved), host: ' mail.example.com ', username: '  ', from_name: ' Acme ' }
    expect(toUpdateRequest(values, { kind: 'keep' })).toEqual({
      host: 'mail.example.com',
      port: 2525,
      username: null,
      tls: 'tls',
      from_address: 'licensing@example.com',
      from_name: 'Acme',
    })
    expect('password' in toUpdateRequest(values, { kind: 'keep' })).toBe(false)
    expect(toUpdateRequest(values, { kind: 'remove' }).password).toBeNull()
    expect(toUpdateRequest(values, { kind: 'replace', value: ' s3cret ' }).password).toBe(' s3cret ')
  })

  it('moves a conventional port with the TLS mode and keeps a chosen one', () => {
    expect(portForTls('587', 'starttls', 'tls')).toBe('465')
    expect(portForTls('', 'starttls', 'none')).toBe('25')
    expect(portForTls('2525', 'starttls', 'tls')).toBe('2525')
  })

  it('refuses a port that is not a number before asking the server', () => {
    expect(localErrors({ ...initialValues(saved), port: 'abc' })).toEqual({ port: ['must be a whole number from 1 to 65535'] })
    expect(localErrors({ ...initialValues(saved), port: '' }).port).toBeDefined()
    expect(localErrors({ ...initialValues(saved), port: '70000' })).toEqual({})
  })

  it('is dirty after any edit or a password change', () => {
    const initial = initialValues(saved)
    expect(isDirty(initial, initial, { kind: 'keep' })).toBe(false)
    expect(isDirty({ ...initial, from_name: 'Acme' }, initial, { kind: 'keep' })).toBe(true)
    expect(isDirty(initial, initial, { kind: 'remove' })).toBe(true)
  })
})

describe('passwordChange', () => {
  it('keeps the saved password unless one is typed or it is removed', () => {
    expect(passwordChange('', false)).toEqual({ kind: 'keep' })
    expect(passwordChange('new one', false)).toEqual({ kind: 'replace', value: 'new one' })
    expect(passwordChange('typed then removed', true)).toEqual({ kind: 'remove' })
  })
})
