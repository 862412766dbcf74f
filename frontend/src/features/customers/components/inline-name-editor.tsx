import { Pencil } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { FieldError } from '@/components/ui/field-error'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Spinner } from '@/components/ui/spinner'
import { ApiError, errorMessage } from '@/lib/problem'
import { useUpdateCustomer } from '../api/update-customer'
import { displayName } from '../lib/display'

export interface InlineNameEditorProps {
  customerId: string
  name: string | null | undefined
  /** Admin and up may edit; others see the name only. */
  canEdit: boolean
}

/** The profile's full name, editable in place: Edit → field + Save/Cancel (Enter saves, Escape cancels). */
export function InlineNameEditor({ customerId, name, canEdit }: InlineNameEditorProps) {
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState('')
  const update = useUpdateCustomer()
  const inputId = useId()
  const errorId = useId()

  const shown = displayName(name)
  if (!editing) {
    return (
      <span className="inline-flex min-w-0 items-center gap-1">
        <span className={shown === 'N/A' ? 'text-muted-foreground' : undefined} data-testid="customer-name">
          {shown}
        </span>
        {canEdit ? (
          <Button
            variant="ghost"
            size="icon"
            className="size-8"
            aria-label="Edit name"
            title="Edit name"
            onClick={() => {
              update.reset()
              setDraft(name ?? '')
              setEditing(true)
            }}
          >
            <Pencil aria-hidden="true" />
          </Button>
        ) : null}
      </span>
    )
  }

  const fieldErrors = update.error instanceof ApiError ? update.error.fieldErrors : {}
  const nameErrors = fieldErrors.name
  const otherError = update.error && !nameErrors?.length ? errorMessage(update.error) : null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const next = draft.trim()
    if (next === (name ?? '').trim()) {
      setEditing(false)
      return
    }
    update.mutate({ id: customerId, changes: { name: next === '' ? null : next } }, { onSuccess: () => setEditing(false) })
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-2" aria-label="Edit full name">
      <Label htmlFor={inputId} className="sr-only">
        Full name
      </Label>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          id={inputId}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault()
              setEditing(false)
            }
          }}
          placeholder="Leave empty to show N/A"
          maxLength={200}
          autoComplete="off"
          autoFocus
          disabled={update.isPending}
          aria-invalid={nameErrors?.length ? true : undefined}
          aria-describedby={nameErrors?.length || otherError ? errorId : undefined}
          className="max-w-xs"
        />
        <Button type="submit" size="sm" disabled={update.isPending}>
          {update.isPending ? <Spinner label="Saving" /> : null}
          Save
        </Button>
        <Button variant="outline" size="sm" onClick={() => setEditing(false)} disabled={update.isPending}>
          Cancel
        </Button>
      </div>
      {nameErrors?.length ? (
        <FieldError id={errorId} messages={nameErrors} />
      ) : otherError ? (
        <p id={errorId} role="alert" className="text-sm text-destructive">
          {otherError}
        </p>
      ) : null}
    </form>
  )
}
