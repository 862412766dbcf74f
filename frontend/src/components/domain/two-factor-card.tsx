import { CircleAlert, ShieldCheck, ShieldOff, Smartphone } from 'lucide-react'
import type { UseMutationResult } from '@tanstack/react-query'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { YesNo } from '@/components/domain/yes-no'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { CopyButton } from '@/components/ui/copy-button'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { QrCode } from '@/components/ui/qr-code'
import { Spinner } from '@/components/ui/spinner'
import { ApiError, errorMessage } from '@/lib/problem'
import { groupSecret, isCompleteCode, normalizeCode } from '@/lib/totp'

/** A new TOTP secret and its `otpauth://` URL, from a `…/2fa/setup` endpoint. */
export interface TotpSetup {
  secret: string
  otpauth_url: string
}

type Mutation<Variables, Result> = Pick<UseMutationResult<Result, Error, Variables>, 'mutate' | 'reset' | 'isPending' | 'error'>

/** The account's three 2FA calls (admin or portal): start a setup, confirm it with a code, turn it off with a code. */
export interface TwoFactorMutations {
  setup: Mutation<void, TotpSetup>
  enable: Mutation<string, unknown>
  disable: Mutation<string, unknown>
}

/** Two-factor authentication: set up (QR + secret, confirm a code), or turn off with a code. */
export function TwoFactorCard({ enabled, setup, enable, disable }: { enabled: boolean } & TwoFactorMutations) {
  return (
    <Card>
      <CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle>Two-factor authentication</CardTitle>
          <YesNo value={enabled} yes="On" no="Off" className="text-sm font-medium" />
        </div>
        <CardDescription>
          A 6-digit code from an authenticator app (1Password, Google Authenticator, Authy, …) on top of your password at
          every sign-in.
        </CardDescription>
      </CardHeader>
      <CardContent>{enabled ? <DisableTwoFactor disable={disable} /> : <SetUpTwoFactor start={setup} enable={enable} />}</CardContent>
    </Card>
  )
}

function SetUpTwoFactor({ start, enable }: { start: TwoFactorMutations['setup']; enable: TwoFactorMutations['enable'] }) {
  const [setup, setSetup] = useState<TotpSetup | null>(null)

  if (setup) {
    return (
      <ConfirmSetup
        setup={setup}
        enable={enable}
        onCancel={() => {
          enable.reset()
          setSetup(null)
        }}
      />
    )
  }

  return (
    <div className="flex flex-col gap-4">
      {start.error ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{errorMessage(start.error)}</AlertDescription>
        </Alert>
      ) : null}
      <div>
        <Button
          onClick={() =>
            start.mutate(undefined, {
              onSuccess: (result) => {
                setSetup(result)
                start.reset()
              },
            })
          }
          disabled={start.isPending}
        >
          {start.isPending ? <Spinner label="Starting" /> : <ShieldCheck aria-hidden="true" />}
          Set up two-factor authentication
        </Button>
      </div>
    </div>
  )
}

function CodeInput({
  value,
  onChange,
  errors,
  disabled,
  autoFocus = false,
}: {
  value: string
  onChange: (code: string) => void
  errors?: string[]
  disabled: boolean
  autoFocus?: boolean
}) {
  const ref = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (autoFocus) ref.current?.focus()
  }, [autoFocus])
  return (
    <FormField label="Authentication code" errorSubject="The code" errors={errors} hint="The 6 digits your app shows now.">
      {(control) => (
        <Input
          {...control}
          ref={ref}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          placeholder="123456"
          value={value}
          onChange={(e) => onChange(normalizeCode(e.target.value))}
          disabled={disabled}
          className="w-40 font-mono tracking-[0.3em]"
        />
      )}
    </FormField>
  )
}

/** Step 2: scan (or type) the secret, then prove it works with a code. */
function ConfirmSetup({ setup, enable, onCancel }: { setup: TotpSetup; enable: TwoFactorMutations['enable']; onCancel: () => void }) {
  const [code, setCode] = useState('')
  const [localError, setLocalError] = useState<string[] | undefined>()
  const apiError = enable.error instanceof ApiError ? enable.error : null
  const codeErrors = localError ?? apiError?.fieldErrors.code

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (enable.isPending) return
    if (!isCompleteCode(code)) {
      setLocalError(['must be the 6 digits shown in your app'])
      return
    }
    setLocalError(undefined)
    enable.mutate(code, { onError: () => setCode('') })
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-6" aria-label="Confirm two-factor setup">
      <ol className="flex flex-col gap-6">
        <li className="flex flex-col gap-3">
          <p className="text-sm font-medium">1. Scan this QR code with your authenticator app</p>
          <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
            <QrCode value={setup.otpauth_url} label="QR code to add Latchkey to your authenticator app" />
            <div className="flex min-w-0 flex-col gap-2 text-sm">
              <p className="text-muted-foreground">Can’t scan it? Enter this secret in the app instead (time-based, 6 digits):</p>
              <div className="flex items-center gap-2">
                <code className="select-all break-all rounded-md border border-border bg-muted/50 px-3 py-2 font-mono text-sm" data-testid="totp-secret">
                  {groupSecret(setup.secret)}
                </code>
                <CopyButton value={setup.secret} label="secret" />
              </div>
            </div>
          </div>
        </li>
        <li className="flex flex-col gap-3">
          <p className="text-sm font-medium">2. Enter the code the app shows</p>
          {enable.error && !apiError?.fieldErrors.code ? (
            <Alert variant="destructive">
              <CircleAlert aria-hidden="true" />
              <AlertDescription>{errorMessage(enable.error)}</AlertDescription>
            </Alert>
          ) : null}
          <CodeInput
            value={code}
            onChange={(next) => {
              setCode(next)
              setLocalError(undefined)
            }}
            errors={codeErrors}
            disabled={enable.isPending}
          />
        </li>
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={enable.isPending}>
          {enable.isPending ? <Spinner label="Checking" /> : <Smartphone aria-hidden="true" />}
          Turn on two-factor
        </Button>
        <Button variant="outline" onClick={onCancel} disabled={enable.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

function DisableTwoFactor({ disable }: { disable: TwoFactorMutations['disable'] }) {
  const [open, setOpen] = useState(false)
  const [code, setCode] = useState('')
  const [localError, setLocalError] = useState<string[] | undefined>()
  const apiError = disable.error instanceof ApiError ? disable.error : null
  const codeErrors = localError ?? apiError?.fieldErrors.code

  if (!open) {
    return (
      <div className="flex flex-col gap-3">
        <p className="text-sm text-muted-foreground">Sign-ins to this account ask for a code from your authenticator app.</p>
        <div>
          <Button variant="outline" onClick={() => setOpen(true)}>
            <ShieldOff aria-hidden="true" />
            Turn off two-factor…
          </Button>
        </div>
      </div>
    )
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (disable.isPending) return
    if (!isCompleteCode(code)) {
      setLocalError(['must be the 6 digits shown in your app'])
      return
    }
    setLocalError(undefined)
    disable.mutate(code, { onError: () => setCode('') })
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Turn off two-factor authentication">
      <p className="text-sm text-muted-foreground">Confirm with a current code. Without two-factor, your password alone signs you in.</p>
      {disable.error && !apiError?.fieldErrors.code ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{errorMessage(disable.error)}</AlertDescription>
        </Alert>
      ) : null}
      <CodeInput
        value={code}
        onChange={(next) => {
          setCode(next)
          setLocalError(undefined)
        }}
        errors={codeErrors}
        disabled={disable.isPending}
        autoFocus
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="destructive" disabled={disable.isPending}>
          {disable.isPending ? <Spinner label="Checking" /> : null}
          Turn off two-factor
        </Button>
        <Button
          variant="outline"
          onClick={() => {
            setOpen(false)
            setCode('')
            disable.reset()
          }}
          disabled={disable.isPending}
        >
          Cancel
        </Button>
      </div>
    </form>
  )
}
