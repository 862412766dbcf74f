import { MailCheck } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { ApiError } from '@/lib/problem'
import { useRequestMagicLink } from '../api/request-magic-link'
import { ErrorAlert } from './error-alert'

/**
 * Asks for a sign-in link by email. The answer is the same whether or not the address has
 * an account, and so is the confirmation shown.
 */
export function MagicLinkRequestForm({ initialEmail = '', onUsePassword }: { initialEmail?: string; onUsePassword: () => void }) {
  const [email, setEmail] = useState(initialEmail)
  const [sentTo, setSentTo] = useState<string | null>(null)
  const request = useRequestMagicLink()
  const fieldErrors = request.error instanceof ApiError ? request.error.fieldErrors : {}

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (request.isPending) return
    const address = email.trim()
    request.mutate(address, { onSuccess: () => setSentTo(address) })
  }

  if (sentTo !== null) {
    return (
      <div className="flex flex-col gap-4">
        <Alert variant="info">
          <MailCheck aria-hidden="true" />
          <AlertDescription>
            If an account exists for <strong className="break-all">{sentTo}</strong>, a sign-in link is on its way. It works
            once, within 15 minutes.
          </AlertDescription>
        </Alert>
        <Button type="button" variant="link" size="sm" onClick={onUsePassword}>
          Sign in with a password
        </Button>
      </div>
    )
  }

  return (
    <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Email me a sign-in link" aria-busy={request.isPending}>
      {request.error && Object.keys(fieldErrors).length === 0 ? <ErrorAlert error={request.error} /> : null}
      <FormField label="Email" errors={fieldErrors.email} hint="We email you a link that signs you in once, within 15 minutes.">
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
        Send sign-in link
      </Button>
      <Button type="button" variant="link" size="sm" onClick={onUsePassword}>
        Sign in with a password
      </Button>
    </form>
  )
}
