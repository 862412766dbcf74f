import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { PASSWORD_HINT, type NewPasswordErrors, type NewPasswordValues } from '../lib/password'

/** "New password" with the length hint, and its confirmation. The server's rule comes back under the first. */
export function NewPasswordFields({
  values,
  errors,
  onChange,
  disabled,
}: {
  values: NewPasswordValues
  errors: NewPasswordErrors
  onChange: (field: keyof NewPasswordValues, value: string) => void
  disabled: boolean
}) {
  return (
    <>
      <FormField label="New password" errorSubject="Password" errors={errors.password} hint={PASSWORD_HINT}>
        {(control) => (
          <Input
            {...control}
            name="password"
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => onChange('password', e.target.value)}
            disabled={disabled}
          />
        )}
      </FormField>
      <FormField label="Confirm password" errorSubject="Confirmation" errors={errors.confirm}>
        {(control) => (
          <Input
            {...control}
            name="confirm_password"
            type="password"
            autoComplete="new-password"
            value={values.confirm}
            onChange={(e) => onChange('confirm', e.target.value)}
            disabled={disabled}
          />
        )}
      </FormField>
    </>
  )
}
