import { useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { Spinner } from '@/components/ui/spinner'
import { PORTAL_LOGIN_PATH, type PortalLoginState } from '@/lib/portal-session'
import { ApiError } from '@/lib/problem'
import { useConfirmPasswordReset } from '../api/confirm-password-reset'
import { AuthCard } from '../components/auth-card'
import { ErrorAlert } from '../components/error-alert'
import { NewPasswordFields } from '../components/new-password-fields'
import { hasErrors, validateNewPassword, type NewPasswordErrors, type NewPasswordValues } from '../lib/password'
import { useLinkToken } from '../hooks/use-link-token'

/** `/portal/reset-password#token=…`: a new password; every session ends, so it continues at the login page. */
export function PortalResetPasswordPage() {
  const navigate = useNavigate()
  const token = useLinkToken()
  const confirm = useConfirmPasswordReset()
  const [values, setValues] = useState<NewPasswordValues>({ password: '', confirm: '' })
  const [localErrors, setLocalErrors] = useState<NewPasswordErrors>({})
  const apiError = confirm.error instanceof ApiError ? confirm.error : null

  if (!token || apiError?.code === 'invalid_link') {
    return (
      <AuthCard title="This reset link does not work">
        <div className="flex flex-col gap-4">
          <Alert variant="destructive">
            <AlertDescription>
              {token
                ? 'The link has expired or was already used. Request a new one; only the newest link works.'
                : 'The link is incomplete. Open it straight from the email, or request a new one.'}
            </AlertDescription>
          </Alert>
          <Link to="/portal/forgot-password" className={buttonVariants()}>
            Request a new link
          </Link>
        </div>
      </AuthCard>
    )
  }

  const serverErrors = apiError?.fieldErrors ?? {}
  const errors: NewPasswordErrors = { password: localErrors.password ?? serverErrors.password, confirm: localErrors.confirm }
  const showAlert = apiError ? Object.keys(serverErrors).length === 0 : confirm.error !== null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (confirm.isPending) return
    const problems = validateNewPassword(values)
    setLocalErrors(problems)
    if (hasErrors(problems)) return
    confirm.mutate(
      { token, password: values.password },
      {
        onSuccess: () => {
          const state: PortalLoginState = { notice: 'password_reset' }
          navigate(PORTAL_LOGIN_PATH, { replace: true, state })
        },
      },
    )
  }

  return (
    <AuthCard title="Choose a new password" description="Every device signed in to your account is signed out afterwards.">
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-busy={confirm.isPending}>
        {showAlert ? <ErrorAlert error={confirm.error} /> : null}
        <NewPasswordFields
          values={values}
          errors={errors}
          disabled={confirm.isPending}
          onChange={(field, value) => {
            setValues((v) => ({ ...v, [field]: value }))
            setLocalErrors((e) => ({ ...e, [field]: undefined }))
          }}
        />
        <Button type="submit" className="w-full" disabled={confirm.isPending}>
          {confirm.isPending ? <Spinner label="Saving" /> : null}
          Change password
        </Button>
      </form>
    </AuthCard>
  )
}
