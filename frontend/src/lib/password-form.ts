export interface PasswordFormValues {
  current_password: string
  new_password: string
  confirm_password: string
}

export type PasswordFormErrors = Partial<Record<keyof PasswordFormValues, string[]>>

/**
 * What can be checked before asking the server: every field filled in, the confirmation
 * matching, and a new password that differs from the current one. The length rule is the
 * server's (it is configurable), so its message comes back as a field error.
 */
export function validatePasswordForm(values: PasswordFormValues): PasswordFormErrors {
  const errors: PasswordFormErrors = {}
  if (!values.current_password) errors.current_password = ['is required']
  if (!values.new_password) errors.new_password = ['is required']
  else if (!values.new_password.trim()) errors.new_password = ['must not be blank']
  else if (values.current_password && values.new_password === values.current_password) {
    errors.new_password = ['must differ from the current password']
  }
  if (!values.confirm_password) errors.confirm_password = ['is required']
  else if (values.new_password && values.confirm_password !== values.new_password) {
    errors.confirm_password = ['does not match the new password']
  }
  return errors
}

export function hasErrors(errors: PasswordFormErrors): boolean {
  return Object.values(errors).some((messages) => messages && messages.length > 0)
}
