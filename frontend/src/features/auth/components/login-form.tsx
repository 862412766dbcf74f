import { CircleAlert, ShieldCheck } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { FieldError } from '@/components/ui/field-error'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Spinner } from '@/components/ui/spinner'
import type { TokenResponse } from '@/lib/api/types'
import { ApiError, errorMessage } from '@/lib/problem'
import { useLogin } from '../api/login'

type Step = 'credentials' | 'totp'

export interface LoginFormProps {
  onSuccess: (tokens: TokenResponse) => void
}

/**
 * Email + password; when the server answers `totp_required`, a second step asks for the
 * 6-digit authentication code and sends all three.
 */
export function LoginForm({ onSuccess }: LoginFormProps) {
  const id = useId()
  const [step, setStep] = useState<Step>('credentials')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [totpCode, setTotpCode] = useState('')
  const [error, setError] = useState<unknown>(null)
  const login = useLogin()

  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {}
  const ids = {
    email: `${id}-email`,
    password: `${id}-password`,
    totp: `${id}-totp`,
    emailError: `${id}-email-error`,
    passwordError: `${id}-password-error`,
    totpError: `${id}-totp-error`,
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (login.isPending) return
    setError(null)
    login.mutate(
      { email: email.trim(), password, ...(step === 'totp' ? { totp_code: totpCode.trim() } : {}) },
      {
        onSuccess,
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'totp_required') {
            setStep('totp')
            setTotpCode('')
            return
          }
          if (err instanceof ApiError && err.code === 'invalid_totp') setTotpCode('')
          setError(err)
        },
      },
    )
  }

  function startOver() {
    setStep('credentials')
    setTotpCode('')
    setError(null)
  }

  const pending = login.isPending

  return (
    <form className="flex flex-col gap-4" onSubmit={handleSubmit} noValidate aria-busy={pending}>
      {error ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{errorMessage(error)}</AlertDescription>
        </Alert>
      ) : null}

      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.email}>Email</Label>
        <Input
          id={ids.email}
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          autoFocus
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          readOnly={step === 'totp'}
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={fieldErrors.email ? ids.emailError : undefined}
        />
        <FieldError id={ids.emailError} messages={fieldErrors.email} />
      </div>

      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.password}>Password</Label>
        <Input
          id={ids.password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          readOnly={step === 'totp'}
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? ids.passwordError : undefined}
        />
        <FieldError id={ids.passwordError} messages={fieldErrors.password} />
      </div>

      {step === 'totp' ? (
        <div className="flex flex-col gap-2">
          <Alert variant="info">
            <ShieldCheck aria-hidden="true" />
            <AlertDescription>
              Two-factor authentication is on for this account. Enter the 6-digit code from your authenticator app.
            </AlertDescription>
          </Alert>
          <Label htmlFor={ids.totp}>Authentication code</Label>
          <Input
            id={ids.totp}
            autoFocus
            name="totp_code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            placeholder="123456"
            required
            value={totpCode}
            onChange={(e) => setTotpCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
            className="font-mono tracking-[0.3em]"
            aria-invalid={fieldErrors.totp_code ? true : undefined}
            aria-describedby={fieldErrors.totp_code ? ids.totpError : undefined}
          />
          <FieldError id={ids.totpError} messages={fieldErrors.totp_code} />
        </div>
      ) : null}

      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? <Spinner label="Signing in" /> : null}
        {pending ? 'Signing in…' : step === 'totp' ? 'Verify and sign in' : 'Sign in'}
      </Button>

      {step === 'totp' ? (
        <Button type="button" variant="link" size="sm" onClick={startOver} disabled={pending}>
          Use a different account
        </Button>
      ) : null}
    </form>
  )
}
