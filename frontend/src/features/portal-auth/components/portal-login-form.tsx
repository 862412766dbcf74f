import { ShieldCheck } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { ApiError } from '@/lib/problem'
import { usePortalLogin } from '../api/login'
import { ErrorAlert } from './error-alert'
import { TotpCodeField } from './totp-code-field'

/**
 * Email and password; when the server answers `totp_required`, a second step asks for the
 * authenticator code and sends all three.
 */
export function PortalLoginForm({ onSuccess, onUseMagicLink }: { onSuccess: () => void; onUseMagicLink: (email: string) => void }) {
  const [step, setStep] = useState<'credentials' | 'totp'>('credentials')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [error, setError] = useState<unknown>(null)
  const login = usePortalLogin()
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {}
  const pending = login.isPending

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (pending) return
    setError(null)
    login.mutate(
      { email: email.trim(), password, ...(step === 'totp' ? { totp_code: code } : {}) },
      {
        onSuccess,
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'totp_required') {
            setStep('totp')
            setCode('')
            return
          }
          if (err instanceof ApiError && err.code === 'invalid_totp') setCode('')
          setError(err)
        },
      },
    )
  }

  const startOver = () => {
    setStep('credentials')
    setCode('')
    setError(null)
  }

  // A field error is shown under its field; anything else above the form.
  const showAlert = error !== null && Object.keys(fieldErrors).length === 0

  return (
    <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-busy={pending} aria-label="Sign in">
      {showAlert ? <ErrorAlert error={error} /> : null}
      <FormField label="Email" errors={fieldErrors.email}>
        {(control) => (
          <Input
            {...control}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            readOnly={step === 'totp'}
          />
        )}
      </FormField>
      <FormField label="Password" errors={fieldErrors.password}>
        {(control) => (
          <Input
            {...control}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            readOnly={step === 'totp'}
          />
        )}
      </FormField>
      {step === 'totp' ? (
        <>
          <Alert variant="info">
            <ShieldCheck aria-hidden="true" />
            <AlertDescription>Two-factor authentication is on for your account. Enter the code from your authenticator app.</AlertDescription>
          </Alert>
          <TotpCodeField value={code} onChange={setCode} errors={fieldErrors.totp_code} disabled={pending} />
        </>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? <Spinner label="Signing in" /> : null}
        {pending ? 'Signing in…' : step === 'totp' ? 'Verify and sign in' : 'Sign in'}
      </Button>
      {step === 'totp' ? (
        <Button type="button" variant="link" size="sm" onClick={startOver} disabled={pending}>
          Use a different account
        </Button>
      ) : (
        <div className="flex flex-col items-center gap-1 text-sm">
          <Button type="button" variant="link" size="sm" onClick={() => onUseMagicLink(email.trim())}>
            Email me a sign-in link
          </Button>
          <Link to="/portal/forgot-password" className="text-muted-foreground underline-offset-4 hover:underline">
            Forgot your password?
          </Link>
        </div>
      )}
    </form>
  )
}
