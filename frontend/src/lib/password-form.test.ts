import { describe, expect, it } from 'vitest'
import { hasErrors, validatePasswordForm } from './password-form'

describe('validatePasswordForm', () => {
  it('accepts a filled-in form with a matching confirmation', () => {
    const errors = validatePasswordForm({ current_password: 'old secret 1', new_password: 'new secret 22', confirm_password: 'new secret 22' })
    expect(errors).toEqual({})
    expect(hasErrors(errors)).toBe(false)
  })

  it('requires every field', () => {
    expect(validatePasswordForm({ current_password: '', new_password: '', confirm_password: '' })).toEqual({
      current_password: ['is required'],
      new_password: ['is required'],
      confirm_password: ['is required'],
    })
  })

  it('catches a mismatched confirmation, a blank password and an unchanged one', () => {
    expect(validatePasswordForm({ current_password: 'a', new_password: 'bbbbbbbbbb', confirm_password: 'bbbbbbbbbc' })).toEqual({
      confirm_password: ['does not match the new password'],
    })
    expect(validatePasswordForm({ current_password: 'a', new_password: '     ', confirm_password: '     ' })).toEqual({
      new_password: ['must not be blank'],
    })
    expect(validatePasswordForm({ current_password: 'same one', new_password: 'same one', confirm_password: 'same one' })).toEqual({
      new_password: ['must differ from the current password'],
    })
  })

  it('leaves the length rule to the server', () => {
    expect(hasErrors(validatePasswordForm({ current_password: 'x', new_password: 'short', confirm_password: 'short' }))).toBe(false)
  })
})
