import { useId, useState, type FormEvent } from 'react'
import { KeepActivationsField } from '@/components/domain/keep-activations-field'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FieldError } from '@/components/ui/field-error'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Spinner } from '@/components/ui/spinner'
import { Textarea } from '@/components/ui/textarea'
import { maskKey } from '@/lib/mask'
import { ApiError, errorMessage } from '@/lib/problem'
import { useAssignLicense } from '@/api/licenses/assign-license'
import { useSaveLicenseSettings, type UpdateLicenseChanges } from '../api/save-license-settings'

import { expiryFromDateInput, toDateInput } from '@/lib/dates'
import type { License } from '../lib/types'

export interface EditLicenseDialogProps {
  license: License | null
  onClose: () => void
  /** Admin and up: limit, expiry, notes. */
  canEditSettings: boolean
  /** Operator and up: transfer to another email. */
  canTransfer: boolean
}

/** "Edit": the license's activation limit, expiry and notes (admin), and transfer of ownership (operator). */
export function EditLicenseDialog({ license, onClose, canEditSettings, canTransfer }: EditLicenseDialogProps) {
  return (
    <Dialog
      open={license !== null}
      onClose={onClose}
      title={canEditSettings ? 'Edit license' : 'Transfer license'}
      description={license ? `${maskKey(license.key)} · ${license.product_name}` : undefined}
      size="lg"
    >
      {license ? (
        <div className="flex flex-col gap-6">
          {canEditSettings ? <SettingsForm license={license} onDone={onClose} /> : null}
          {canTransfer ? <TransferForm license={license} onDone={onClose} separated={canEditSettings} /> : null}
          {!canTransfer && (license.status === 'suspended' || license.status === 'expired') ? (
            <p className="border-t pt-4 text-sm text-muted-foreground">
              {license.status === 'suspended'
                ? 'A suspended license cannot be transferred: reinstate it first.'
                : 'An expired license cannot be transferred: renew it first.'}
            </p>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  )
}

function SettingsForm({ license, onDone }: { license: License; onDone: () => void }) {
  const save = useSaveLicenseSettings()
  const initialUnlimited = license.max_activations === null || license.max_activations === undefined
  const initialExpiry = toDateInput(license.expires_at)
  const [unlimited, setUnlimited] = useState(initialUnlimited)
  const [maxActivations, setMaxActivations] = useState(initialUnlimited ? '' : String(license.max_activations))
  const [perpetual, setPerpetual] = useState(!license.expires_at)
  const [expiry, setExpiry] = useState(initialExpiry)
  const [notes, setNotes] = useState(license.notes ?? '')
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({})
  const ids = { max: useId(), maxErr: useId(), unlimited: useId(), expiry: useId(), expiryErr: useId(), perpetual: useId(), notes: useId(), notesErr: useId() }

  const serverErrors = save.error instanceof ApiError ? save.error.fieldErrors : {}
  const errors: Record<string, string[]> = { ...serverErrors, ...localErrors }
  const knownFields = ['max_activations', 'expires_at', 'notes']
  const generalError =
    save.error && !knownFields.some((f) => serverErrors[f]?.length) ? errorMessage(save.error) : null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const problems: Record<string, string[]> = {}
    const changes: UpdateLicenseChanges = {}

    let nextMax: number | null = null
    if (!unlimited) {
      const n = Number(maxActivations)
      if (maxActivations.trim() === '' || !Number.isInteger(n) || n < 1) {
        problems.max_activations = ['Enter a whole number of at least 1, or choose Unlimited.']
      } else nextMax = n
    }
    if (!problems.max_activations && nextMax !== (license.max_activations ?? null)) changes.max_activations = nextMax

    const nextNotes = notes.trim() === '' ? null : notes
    if (nextNotes !== (license.notes ?? null)) changes.notes = nextNotes

    let expiresAt: string | null | undefined
    if (perpetual) {
      if (license.expires_at) expiresAt = null
    } else if (!expiry) {
      problems.expires_at = ['Pick an expiry date, or choose Never expires.']
    } else if (expiry !== initialExpiry || !license.expires_at) {
      expiresAt = expiryFromDateInput(expiry)
      if (expiresAt === null) problems.expires_at = ['Enter a valid date.']
    }

    setLocalErrors(problems)
    if (Object.keys(problems).length > 0) return
    if (Object.keys(changes).length === 0 && expiresAt === undefined) {
      onDone()
      return
    }
    save.mutate({ id: license.id, changes, expiresAt }, { onSuccess: onDone })
  }

  const pending = save.isPending
  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-labelledby={`${ids.max}-legend`}>
      <h3 id={`${ids.max}-legend`} className="text-sm font-semibold">
        License settings
      </h3>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.max}>Max activations</Label>
        <div className="flex flex-wrap items-center gap-4">
          <Input
            id={ids.max}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={maxActivations}
            onChange={(e) => setMaxActivations(e.target.value)}
            disabled={unlimited || pending}
            aria-invalid={errors.max_activations?.length ? true : undefined}
            aria-describedby={errors.max_activations?.length ? ids.maxErr : undefined}
            className="w-32"
            data-autofocus
          />
          <label htmlFor={ids.unlimited} className="inline-flex items-center gap-2 text-sm">
            <Checkbox
              id={ids.unlimited}
              checked={unlimited}
              onChange={(e) => setUnlimited(e.target.checked)}
              disabled={pending}
            />
            Unlimited
          </label>
        </div>
        <p className="text-xs text-muted-foreground">
          {license.activations_used} in use now. A lower limit does not remove devices; it only blocks new activations.
        </p>
        <FieldError id={ids.maxErr} messages={errors.max_activations} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.expiry}>Expires on</Label>
        <div className="flex flex-wrap items-center gap-4">
          <Input
            id={ids.expiry}
            type="date"
            min={toDateInput(new Date())}
            value={perpetual ? '' : expiry}
            onChange={(e) => setExpiry(e.target.value)}
            disabled={perpetual || pending}
            aria-invalid={errors.expires_at?.length ? true : undefined}
            aria-describedby={errors.expires_at?.length ? ids.expiryErr : undefined}
            className="w-44"
          />
          <label htmlFor={ids.perpetual} className="inline-flex items-center gap-2 text-sm">
            <Checkbox
              id={ids.perpetual}
              checked={perpetual}
              onChange={(e) => {
                setPerpetual(e.target.checked)
                if (!e.target.checked && !expiry) setExpiry(initialExpiry)
              }}
              disabled={pending}
            />
            Never expires (perpetual)
          </label>
        </div>
        <p className="text-xs text-muted-foreground">The license stays valid until the end of that day.</p>
        <FieldError id={ids.expiryErr} messages={errors.expires_at} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.notes}>Notes</Label>
        <Textarea
          id={ids.notes}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          disabled={pending}
          placeholder="Internal notes, e.g. the order number"
          aria-invalid={errors.notes?.length ? true : undefined}
          aria-describedby={errors.notes?.length ? ids.notesErr : undefined}
        />
        <FieldError id={ids.notesErr} messages={errors.notes} />
      </div>
      {generalError ? (
        <p role="alert" className="text-sm text-destructive">
          {generalError}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Spinner label="Saving" /> : null}
          Save changes
        </Button>
      </DialogFooter>
    </form>
  )
}

function TransferForm({ license, onDone, separated }: { license: License; onDone: () => void; separated: boolean }) {
  const transfer = useAssignLicense()
  const [email, setEmail] = useState('')
  // A transfer deactivates the current owner's devices unless this is on.
  const [keepActivations, setKeepActivations] = useState(false)
  const [localError, setLocalError] = useState<string | null>(null)
  const inputId = useId()
  const errorId = useId()
  const headingId = useId()

  const serverErrors = transfer.error instanceof ApiError ? transfer.error.fieldErrors.email : undefined
  const fieldMessages = localError ? [localError] : serverErrors
  const generalError = transfer.error && !serverErrors?.length ? errorMessage(transfer.error) : null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const next = email.trim()
    if (!next) {
      setLocalError('Enter the email of the new owner.')
      return
    }
    if (next.toLowerCase() === license.customer_email?.toLowerCase()) {
      setLocalError('The license already belongs to this email.')
      return
    }
    setLocalError(null)
    transfer.mutate({ id: license.id, email: next, keep_activations: keepActivations, transfer: true }, { onSuccess: onDone })
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby={headingId}
      className={separated ? 'flex flex-col gap-3 border-t border-border pt-5' : 'flex flex-col gap-3'}
    >
      <h3 id={headingId} className="text-sm font-semibold">
        Transfer ownership
      </h3>
      <p className="text-sm text-muted-foreground">
        Moves this license to the customer with that email, creating the account when it is new. The expiry is kept.
      </p>
      <div className="flex flex-col gap-2">
        <Label htmlFor={inputId}>New owner’s email</Label>
        <div className="flex flex-wrap items-center gap-2">
          <Input
            id={inputId}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="new@example.com"
            autoComplete="off"
            disabled={transfer.isPending}
            aria-invalid={fieldMessages?.length ? true : undefined}
            aria-describedby={fieldMessages?.length ? errorId : undefined}
            className="max-w-sm flex-1"
            data-autofocus={!separated || undefined}
          />
          <Button type="submit" variant={separated ? 'outline' : 'default'} disabled={transfer.isPending}>
            {transfer.isPending ? <Spinner label="Transferring" /> : null}
            Transfer
          </Button>
        </div>
        <FieldError id={errorId} messages={fieldMessages} />
      </div>
      <KeepActivationsField
        checked={keepActivations}
        onChange={setKeepActivations}
        devices={license.activations_used}
        disabled={transfer.isPending}
      />
      {generalError ? (
        <p role="alert" className="text-sm text-destructive">
          {generalError}
        </p>
      ) : null}
      {!separated ? (
        <DialogFooter>
          <Button variant="outline" onClick={onDone} disabled={transfer.isPending}>
            Cancel
          </Button>
        </DialogFooter>
      ) : null}
    </form>
  )
}
