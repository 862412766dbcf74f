import { MailCheck } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { ApiError } from '@/lib/problem'
import { useRequestPasswordReset } from '../api/request-password-reset'
import { AuthCard } from '../components/auth-card'
import { ErrorAlert } from '../components/error-alert'

/** `/portal/forgot-password`: mails a reset link; the confirmation is the same whether or not the address has an account. */
export function PortalForgotPasswordPage() {
  const [email, setEmail] = useState('')
  const [sentTo, setSentTo] = useState<string | null>(null)
  const request = useRequestPasswordReset()
  const fieldErrors = request.error instanceof ApiError ? request.error.fieldErrors : {}

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (request.isPending) return
    const address = email.trim()
    request.mutate(address, { onSuccess: () => setSentTo(address) })
  }

  return (
    <AuthCard title="Reset your password" description="We email you a link to choose a new password.">
      {sentTo !== null ? (
        <div className="flex flex-col gap-4">
          <Alert variant="info">
            <MailCheck aria-hidden="true" />
            <AlertDescription>
              If an account exists for <strong className="break-all">{sentTo}</strong>, a link to reset its password is on
              its way. It works once.
            </AlertDescription>
          </Alert>
          <Link to="/portal/login" className={buttonVariants({ variant: 'outline' })}>
            Back to sign in
          </Link>
        </div>
      ) : (
        <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-busy={request.isPending}>
          {request.error && Object.keys(fieldErrors).length === 0 ? <ErrorAlert error={request.error} /> : null}
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
                disabled={request.isPending}
              />
            )}
          </FormField>
          <Button type="submit" className="w-full" disabled={request.isPending}>
            {request.isPending ? <Spinner label="Sending" /> : null}
            Email me a reset link
          </Button>
          <Link to="/portal/login" className={buttonVariants({ variant: 'link', size: 'sm' })}>
            Back to sign in
          </Link>
        </form>
      )}
    </AuthCard>
  )
}
