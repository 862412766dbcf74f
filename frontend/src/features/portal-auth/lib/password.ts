/** The server's default minimum; the real rule is the server's (configurable) and comes back as a field error. */
export const PASSWORD_HINT = 'At least 10 characters. A few unrelated words make a strong one.'

export interface NewPasswordValues {
  password: string
  confirm: string
}

export type NewPasswordErrors = Partial<Record<keyof NewPasswordValues, string[]>>

/** What can be checked before asking the server: both filled in, and the same. */
export function validateNewPassword(values: NewPasswordValues): NewPasswordErrors {
  const errors: NewPasswordErrors = {}
  if (!values.password) errors.password = ['is required']
  else if (!values.password.trim()) errors.password = ['must not be blank']
  if (!values.confirm) errors.confirm = ['is required']
  else if (values.password && values.confirm !== values.password) errors.confirm = ['does not match the password']
  return errors
}

export function hasErrors(errors: NewPasswordErrors): boolean {
  return Object.values(errors).some((messages) => messages && messages.length > 0)
}
