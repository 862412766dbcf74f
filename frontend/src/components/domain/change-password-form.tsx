import { CircleAlert } from 'lucide-react'
import type { UseMutationResult } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { ApiError, errorMessage } from '@/lib/problem'
import { hasErrors, validatePasswordForm, type PasswordFormErrors, type PasswordFormValues } from '@/lib/password-form'

const EMPTY: PasswordFormValues = { current_password: '', new_password: '', confirm_password: '' }

/** The account's change-password call (admin or portal). */
export type ChangePasswordMutation = Pick<
  UseMutationResult<unknown, Error, { current_password: string; new_password: string }>,
  'mutate' | 'reset' | 'isPending' | 'error'
>

/** Current + new + confirmation; the server checks the current password and the length rule. */
export function ChangePasswordForm({ email, change }: { email: string; change: ChangePasswordMutation }) {
  const [values, setValues] = useState<PasswordFormValues>(EMPTY)
  const [localErrors, setLocalErrors] = useState<PasswordFormErrors>({})

  const apiError = change.error instanceof ApiError ? change.error : null
  const serverErrors: PasswordFormErrors = apiError?.fieldErrors ?? {}
  const errors: PasswordFormErrors = {
    current_password: localErrors.current_password ?? serverErrors.current_password,
    new_password: localErrors.new_password ?? serverErrors.new_password,
    confirm_password: localErrors.confirm_password,
  }
  const showAlert = change.error && !(apiError && Object.keys(apiError.fieldErrors).length > 0)

  const set = (field: keyof PasswordFormValues) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: event.target.value }))
    // A corrected field loses its stale message.
    setLocalErrors((e) => ({ ...e, [field]: undefined }))
    if (change.error) change.reset()
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (change.isPending) return
    const problems = validatePasswordForm(values)
    setLocalErrors(problems)
    if (hasErrors(problems)) return
    change.mutate(
      { current_password: values.current_password, new_password: values.new_password },
      {
        onSuccess: () => {
          setValues(EMPTY)
          setLocalErrors({})
        },
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Change password" aria-busy={change.isPending}>
      {/* Lets password managers pair the new password with this account. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      {showAlert ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{errorMessage(change.error)}</AlertDescription>
        </Alert>
      ) : null}
      <FormField label="Current password" errors={errors.current_password}>
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete="current-password"
            value={values.current_password}
            onChange={set('current_password')}
            disabled={change.isPending}
          />
        )}
      </FormField>
      <FormField label="New password" errors={errors.new_password} hint="At least 10 characters unless your server is set up otherwise.">
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete="new-password"
            value={values.new_password}
            onChange={set('new_password')}
            disabled={change.isPending}
          />
        )}
      </FormField>
      <FormField label="Confirm new password" errorSubject="Confirmation" errors={errors.confirm_password}>
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete="new-password"
            value={values.confirm_password}
            onChange={set('confirm_password')}
            disabled={change.isPending}
          />
        )}
      </FormField>
      <p className="text-sm text-muted-foreground">Changing your password signs out your other sessions; this one stays signed in.</p>
      <div>
        <Button type="submit" disabled={change.isPending}>
          {change.isPending ? <Spinner label="Saving" /> : null}
          Change password
        </Button>
      </div>
    </form>
  )
}
