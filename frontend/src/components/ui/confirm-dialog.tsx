import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { Button } from './button'
import { Dialog, DialogFooter } from './dialog'
import { Input } from './input'
import { Label } from './label'
import { Spinner } from './spinner'
import { Textarea } from './textarea'

export interface ConfirmDialogReasonOptions {
  /** Default "Reason". */
  label?: string
  placeholder?: string
  /** Confirm stays disabled until a reason is written. Default false. */
  required?: boolean
}

export interface ConfirmDialogProps {
  open: boolean
  /** Cancel, Escape or backdrop (ignored while `pending`). */
  onClose: () => void
  /** Called with the trimmed reason ('' when there is no reason field). Close the dialog on success yourself. */
  onConfirm: (input: { reason: string }) => void
  title: ReactNode
  message?: ReactNode
  /** Default "Confirm". */
  confirmLabel?: string
  /** Default "Cancel". */
  cancelLabel?: string
  /** Red confirm button (delete, revoke). */
  destructive?: boolean
  /** The mutation is running: buttons disabled, spinner on confirm, not dismissible. */
  pending?: boolean
  /** The person must type this exactly (e.g. the customer's email) before confirming. */
  confirmText?: string
  /** Shows a reason textarea (true for the defaults, or options). */
  reason?: boolean | ConfirmDialogReasonOptions
  /** An error to show inside the dialog (e.g. `errorMessage(mutation.error)`). */
  error?: ReactNode
}

/** "Are you sure?" for risky actions: optional type-to-confirm and reason, destructive styling, pending state. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, onClose, title, message, pending = false } = props
  return (
    <Dialog open={open} onClose={onClose} title={title} description={message} dismissible={!pending} size="sm">
      <ConfirmForm {...props} />
    </Dialog>
  )
}

// Mounted only while the dialog is open, so the typed text and reason start empty each time.
function ConfirmForm({
  onClose,
  onConfirm,
  confirmLabel = 'Confirm',
  cancelLabel = 'Cancel',
  destructive = false,
  pending = false,
  confirmText,
  reason,
  error,
}: ConfirmDialogProps) {
  const [typed, setTyped] = useState('')
  const [reasonText, setReasonText] = useState('')
  const typedId = useId()
  const reasonId = useId()
  const reasonOptions: ConfirmDialogReasonOptions | null = reason ? (reason === true ? {} : reason) : null

  const typedOk = !confirmText || typed.trim() === confirmText
  const reasonOk = !reasonOptions?.required || reasonText.trim() !== ''
  const canConfirm = typedOk && reasonOk && !pending

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (canConfirm) onConfirm({ reason: reasonText.trim() })
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      {confirmText ? (
        <div className="flex flex-col gap-2">
          <Label htmlFor={typedId} className="leading-normal">
            Type <span className="font-mono font-semibold break-all">{confirmText}</span> to confirm
          </Label>
          <Input
            id={typedId}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            disabled={pending}
            data-autofocus
          />
        </div>
      ) : null}
      {reasonOptions ? (
        <div className="flex flex-col gap-2">
          <Label htmlFor={reasonId}>
            {reasonOptions.label ?? 'Reason'}
            {reasonOptions.required ? null : <span className="font-normal text-muted-foreground"> (optional)</span>}
          </Label>
          <Textarea
            id={reasonId}
            value={reasonText}
            onChange={(e) => setReasonText(e.target.value)}
            placeholder={reasonOptions.placeholder}
            required={reasonOptions.required}
            disabled={pending}
            data-autofocus={!confirmText || undefined}
          />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onClose} disabled={pending} data-autofocus={(!confirmText && !reasonOptions) || undefined}>
          {cancelLabel}
        </Button>
        <Button type="submit" variant={destructive ? 'destructive' : 'default'} disabled={!canConfirm}>
          {pending ? <Spinner label="Working" /> : null}
          {confirmLabel}
        </Button>
      </DialogFooter>
    </form>
  )
}
