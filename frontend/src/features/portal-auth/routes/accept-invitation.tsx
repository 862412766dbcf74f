import { useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { PORTAL_HOME_PATH } from '@/lib/portal-session'
import { ApiError } from '@/lib/problem'
import { useAcceptInvitation } from '../api/accept-invitation'
import { AuthCard } from '../components/auth-card'
import { ErrorAlert } from '../components/error-alert'
import { NewPasswordFields } from '../components/new-password-fields'
import { hasErrors, validateNewPassword, type NewPasswordErrors, type NewPasswordValues } from '../lib/password'
import { useLinkToken } from '../hooks/use-link-token'

/** `/portal/accept-invitation#token=…`: choose a password (and a name), then land on the dashboard signed in. */
export function PortalAcceptInvitationPage() {
  const navigate = useNavigate()
  const token = useLinkToken()
  const accept = useAcceptInvitation()
  const [name, setName] = useState('')
  const [values, setValues] = useState<NewPasswordValues>({ password: '', confirm: '' })
  const [localErrors, setLocalErrors] = useState<NewPasswordErrors>({})

  const apiError = accept.error instanceof ApiError ? accept.error : null

  if (!token || apiError?.code === 'invalid_link') {
    return (
      <AuthCard title="This invitation link does not work">
        <div className="flex flex-col gap-4">
          <Alert variant="destructive">
            <AlertDescription>
              {token
                ? 'The invitation has expired or was already used. If you already set a password, sign in; otherwise ask the vendor for a new invitation.'
                : 'The link is incomplete. Open it straight from the invitation email.'}
            </AlertDescription>
          </Alert>
          <Link to="/portal/login" className={buttonVariants()}>
            Go to sign in
          </Link>
          <Link to="/portal/forgot-password" className={buttonVariants({ variant: 'link', size: 'sm' })}>
            Forgot your password?
          </Link>
        </div>
      </AuthCard>
    )
  }

  const serverErrors = apiError?.fieldErrors ?? {}
  const errors: NewPasswordErrors = { password: localErrors.password ?? serverErrors.password, confirm: localErrors.confirm }
  const showAlert = apiError ? Object.keys(serverErrors).length === 0 : accept.error !== null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (accept.isPending) return
    const problems = validateNewPassword(values)
    setLocalErrors(problems)
    if (hasErrors(problems)) return
    const trimmed = name.trim()
    accept.mutate(
      { token, password: values.password, ...(trimmed ? { name: trimmed } : {}) },
      { onSuccess: () => navigate(PORTAL_HOME_PATH, { replace: true }) },
    )
  }

  return (
    <AuthCard title="Set up your account" description="Choose a password to see your licenses and manage your devices.">
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-busy={accept.isPending}>
        {showAlert ? <ErrorAlert error={accept.error} /> : null}
        <FormField label="Your name" optional errors={serverErrors.name}>
          {(control) => (
            <Input
              {...control}
              name="name"
              autoComplete="name"
              autoFocus
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
              disabled={accept.isPending}
            />
          )}
        </FormField>
        <NewPasswordFields
          values={values}
          errors={errors}
          disabled={accept.isPending}
          onChange={(field, value) => {
            setValues((v) => ({ ...v, [field]: value }))
            setLocalErrors((e) => ({ ...e, [field]: undefined }))
          }}
        />
        <Button type="submit" className="w-full" disabled={accept.isPending}>
          {accept.isPending ? <Spinner label="Saving" /> : null}
          Set password and sign in
        </Button>
      </form>
    </AuthCard>
  )
}
