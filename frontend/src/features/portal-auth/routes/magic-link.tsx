import { useEffect, useEffectEvent, useRef, useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { Spinner } from '@/components/ui/spinner'
import { PORTAL_HOME_PATH } from '@/lib/portal-session'
import { ApiError } from '@/lib/problem'
import { isCompleteCode } from '@/lib/totp'
import { useConsumeMagicLink } from '../api/consume-magic-link'
import { AuthCard } from '../components/auth-card'
import { ErrorAlert } from '../components/error-alert'
import { TotpCodeField } from '../components/totp-code-field'
import { useLinkToken } from '../hooks/use-link-token'

const REQUEST_NEW = '/portal/login?mode=magic-link'

/** `/portal/magic-link#token=…`: signs in with the mailed link, asking for the 2FA code when the account has it. */
export function PortalMagicLinkPage() {
  const navigate = useNavigate()
  const token = useLinkToken()
  const consume = useConsumeMagicLink()
  const [needsCode, setNeedsCode] = useState(false)
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string[] | undefined>()
  const started = useRef(false)

  const signIn = (totpCode?: string) => {
    if (!token) return
    consume.mutate(
      { token, ...(totpCode ? { totp_code: totpCode } : {}) },
      {
        onSuccess: () => navigate(PORTAL_HOME_PATH, { replace: true }),
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'totp_required') {
            setNeedsCode(true)
            consume.reset()
          }
          if (error instanceof ApiError && error.code === 'invalid_totp') setCode('')
        },
      },
    )
  }

  const signInOnArrival = useEffectEvent(() => signIn())
  // The link is used once: a ref (kept across StrictMode's second effect run) stops a second request.
  useEffect(() => {
    if (started.current || !token) return
    started.current = true
    signInOnArrival()
  }, [token])

  const error = consume.error
  const linkUnusable = !token || (error instanceof ApiError && error.code === 'invalid_link')

  if (linkUnusable) {
    return (
      <AuthCard title="This sign-in link does not work">
        <div className="flex flex-col gap-4">
          <Alert variant="destructive">
            <AlertDescription>
              {token
                ? 'The link has expired or was already used. Sign-in links work once, within 15 minutes.'
                : 'The link is incomplete. Open it straight from the email, or request a new one.'}
            </AlertDescription>
          </Alert>
          <Link to={REQUEST_NEW} className={buttonVariants()}>
            Email me a new link
          </Link>
          <Link to="/portal/login" className={buttonVariants({ variant: 'link', size: 'sm' })}>
            Sign in with a password
          </Link>
        </div>
      </AuthCard>
    )
  }

  if (needsCode) {
    const submit = (event: FormEvent) => {
      event.preventDefault()
      if (consume.isPending) return
      if (!isCompleteCode(code)) {
        setCodeError(['must be the 6 digits shown in your app'])
        return
      }
      setCodeError(undefined)
      signIn(code)
    }
    const fieldErrors = error instanceof ApiError ? error.fieldErrors.totp_code : undefined
    return (
      <AuthCard title="Two-factor authentication" description="Enter the code from your authenticator app to finish signing in.">
        <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-busy={consume.isPending}>
          {error && !fieldErrors ? <ErrorAlert error={error} /> : null}
          <TotpCodeField
            value={code}
            onChange={(next) => {
              setCode(next)
              setCodeError(undefined)
            }}
            errors={codeError ?? fieldErrors}
            disabled={consume.isPending}
          />
          <Button type="submit" className="w-full" disabled={consume.isPending}>
            {consume.isPending ? <Spinner label="Signing in" /> : null}
            Verify and sign in
          </Button>
        </form>
      </AuthCard>
    )
  }

  return (
    <AuthCard title="Signing you in">
      {error ? (
        <div className="flex flex-col gap-4">
          <ErrorAlert error={error} />
          <Button onClick={() => signIn()}>Try again</Button>
        </div>
      ) : (
        <p className="flex items-center gap-2 text-sm text-muted-foreground">
          <Spinner label="Signing in" /> Checking your sign-in link…
        </p>
      )}
    </AuthCard>
  )
}
