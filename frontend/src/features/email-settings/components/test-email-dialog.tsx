import { CircleAlert, CircleCheck, Info } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { ApiError, errorMessage } from '@/lib/problem'
import { useSendTestEmail } from '../api/send-test-email'

export interface TestEmailDialogProps {
  open: boolean
  onClose: () => void
  /** Prefilled recipient: the signed-in admin's address. */
  defaultTo: string
  /** The form has unsaved changes, which the test does not use. */
  unsaved: boolean
}

/** "Send test email": sends one message now and shows what the SMTP server answered, refusal included. */
export function TestEmailDialog({ open, onClose, defaultTo, unsaved }: TestEmailDialogProps) {
  const send = useSendTestEmail()
  const close = () => {
    if (send.isPending) return
    send.reset()
    onClose()
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Send test email"
      description="Sends a short message now through the saved settings and shows what the mail server answered."
      dismissible={!send.isPending}
    >
      <TestEmailForm send={send} defaultTo={defaultTo} unsaved={unsaved} onClose={close} />
    </Dialog>
  )
}

function TestEmailForm({
  send,
  defaultTo,
  unsaved,
  onClose,
}: {
  send: ReturnType<typeof useSendTestEmail>
  defaultTo: string
  unsaved: boolean
  onClose: () => void
}) {
  const [to, setTo] = useState(defaultTo)
  const error = send.error
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {}
  const refused = error instanceof ApiError && error.code === 'email_delivery_failed'

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!send.isPending) send.mutate(to)
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={send.isPending} className="flex flex-col gap-4">
      {unsaved ? (
        <Alert variant="info">
          <Info aria-hidden="true" />
          <AlertDescription>You have unsaved changes: the test uses the settings saved before them.</AlertDescription>
        </Alert>
      ) : null}
      <FormField label="Send to" errorSubject="Address" errors={fieldErrors.to}>
        {(control) => (
          <Input
            {...control}
            type="email"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            autoComplete="email"
            spellCheck={false}
            disabled={send.isPending}
            data-autofocus
          />
        )}
      </FormField>
      {send.data ? (
        <Alert role="status" className="border-emerald-500/40">
          <CircleCheck aria-hidden="true" className="text-emerald-600" />
          <AlertTitle>{send.data.transport === 'smtp' ? 'Delivered to the mail server' : 'Written to a file'}</AlertTitle>
          <AlertDescription className="break-words">{send.data.detail}</AlertDescription>
        </Alert>
      ) : null}
      {error && !fieldErrors.to ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertTitle>{refused ? 'The mail server did not take the message' : 'The test email was not sent'}</AlertTitle>
          <AlertDescription className="break-words font-mono text-xs">{errorMessage(error)}</AlertDescription>
        </Alert>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onClose} disabled={send.isPending}>
          Done
        </Button>
        <Button type="submit" disabled={send.isPending}>
          {send.isPending ? <Spinner label="Sending" /> : null}
          {send.data || error ? 'Send again' : 'Send test email'}
        </Button>
      </DialogFooter>
    </form>
  )
}
