import { describe, expect, it } from 'vitest'
import { hasErrors, validateNewPassword } from './password'

describe('validateNewPassword', () => {
  it('asks for both fields and a matching confirmation, and leaves the length rule to the server', () => {
    expect(validateNewPassword({ password: '', confirm: '' })).toEqual({ password: ['is required'], confirm: ['is required'] })
    expect(validateNewPassword({ password: '   ', confirm: '   ' })).toEqual({ password: ['must not be blank'] })
    expect(validateNewPassword({ password: 'short', confirm: 'shirt' })).toEqual({ confirm: ['does not match the password'] })
    expect(hasErrors(validateNewPassword({ password: 'short', confirm: 'short' }))).toBe(false)
  })
})
