import { zodResolver } from '@hookform/resolvers/zod'
import { useId, useMemo, type ChangeEvent } from 'react'
import { Controller, useController, useForm, useWatch } from 'react-hook-form'
import { z } from 'zod'
import { KeepActivationsField } from '@/components/domain/keep-activations-field'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FieldError } from '@/components/ui/field-error'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Spinner } from '@/components/ui/spinner'
import { Textarea } from '@/components/ui/textarea'
import { applyServerErrors, fieldMessages, issuesFrom } from '@/lib/form'
import { maskKey } from '@/lib/mask'
import { ApiError, errorMessage } from '@/lib/problem'
import { useAssignLicense } from '@/api/licenses/assign-license'
import { useSaveLicenseSettings } from '../api/save-license-settings'
import { toDateInput } from '@/lib/dates'
import {
  licenseSettingsValues,
  planLicenseSettings,
  toSaveLicenseSettings,
  validateTransfer,
  type LicenseSettingsValues,
  type TransferValues,
} from '../lib/license-forms'
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

const settingsSchema = (license: License) =>
  z
    .object({
      unlimited: z.boolean(),
      max_activations: z.string(),
      perpetual: z.boolean(),
      expires_at: z.string(),
      notes: z.string(),
    })
    .superRefine(issuesFrom((values: LicenseSettingsValues) => planLicenseSettings(license, values).errors))

/** The saved fields: a 422 problem's errors for these show under them, anything else below the form. */
const SETTINGS_FIELDS = ['max_activations', 'expires_at', 'notes'] as const

function SettingsForm({ license, onDone }: { license: License; onDone: () => void }) {
  const save = useSaveLicenseSettings()
  const initialExpiry = toDateInput(license.expires_at)
  const schema = useMemo(() => settingsSchema(license), [license])
  // Checked on submit only; the messages stay until the next try.
  const { register, handleSubmit, setError, setValue, getValues, control, formState } = useForm<LicenseSettingsValues>({
    resolver: zodResolver(schema),
    reValidateMode: 'onSubmit',
    defaultValues: licenseSettingsValues(license),
  })
  const [unlimited, perpetual] = useWatch({ control, name: ['unlimited', 'perpetual'] })
  const ids = { max: useId(), maxErr: useId(), unlimited: useId(), expiry: useId(), expiryErr: useId(), perpetual: useId(), notes: useId(), notesErr: useId() }

  const errors = fieldMessages(formState.errors)
  const serverErrors = save.error instanceof ApiError ? save.error.fieldErrors : {}
  const generalError =
    save.error && !SETTINGS_FIELDS.some((f) => serverErrors[f]?.length) ? errorMessage(save.error) : null

  const submit = handleSubmit((values) => {
    const input = toSaveLicenseSettings(license, planLicenseSettings(license, values))
    if (!input) {
      onDone()
      return
    }
    save.mutate(input, {
      onSuccess: onDone,
      onError: (error) => {
        if (error instanceof ApiError) applyServerErrors(setError, error.fieldErrors, SETTINGS_FIELDS)
      },
    })
  })

  const pending = save.isPending
  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-4" aria-labelledby={`${ids.max}-legend`}>
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
            {...register('max_activations')}
            disabled={unlimited || pending}
            aria-invalid={errors.max_activations?.length ? true : undefined}
            aria-describedby={errors.max_activations?.length ? ids.maxErr : undefined}
            className="w-32"
            data-autofocus
          />
          <label htmlFor={ids.unlimited} className="inline-flex items-center gap-2 text-sm">
            <Checkbox id={ids.unlimited} {...register('unlimited')} disabled={pending} />
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
          <Controller
            control={control}
            name="expires_at"
            render={({ field }) => (
              <Input
                id={ids.expiry}
                type="date"
                min={toDateInput(new Date())}
                ref={field.ref}
                name={field.name}
                // Perpetual shows no date but keeps the one typed, for when it is turned off again.
                value={perpetual ? '' : field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                disabled={perpetual || pending}
                aria-invalid={errors.expires_at?.length ? true : undefined}
                aria-describedby={errors.expires_at?.length ? ids.expiryErr : undefined}
                className="w-44"
              />
            )}
          />
          <label htmlFor={ids.perpetual} className="inline-flex items-center gap-2 text-sm">
            <Checkbox
              id={ids.perpetual}
              {...register('perpetual', {
                onChange: (e: ChangeEvent<HTMLInputElement>) => {
                  if (!e.target.checked && !getValues('expires_at')) setValue('expires_at', initialExpiry)
                },
              })}
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
          {...register('notes')}
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

const transferSchema = (license: License) =>
  z
    .object({ email: z.string(), keep_activations: z.boolean() })
    .superRefine(issuesFrom((values: TransferValues) => validateTransfer(license, values)))

function TransferForm({ license, onDone, separated }: { license: License; onDone: () => void; separated: boolean }) {
  const transfer = useAssignLicense()
  const schema = useMemo(() => transferSchema(license), [license])
  // Checked on submit only; the message stays until the next try.
  const { register, handleSubmit, setError, control, formState } = useForm<TransferValues>({
    resolver: zodResolver(schema),
    reValidateMode: 'onSubmit',
    defaultValues: { email: '', keep_activations: false },
  })
  // A transfer deactivates the current owner's devices unless this is on.
  const { field: keepActivations } = useController({ control, name: 'keep_activations' })
  const inputId = useId()
  const errorId = useId()
  const headingId = useId()

  const emailErrors = fieldMessages(formState.errors).email
  const serverErrors = transfer.error instanceof ApiError ? transfer.error.fieldErrors.email : undefined
  const generalError = transfer.error && !serverErrors?.length ? errorMessage(transfer.error) : null

  const submit = handleSubmit((values) => {
    transfer.mutate(
      { id: license.id, email: values.email.trim(), keep_activations: values.keep_activations, transfer: true },
      {
        onSuccess: onDone,
        onError: (error) => {
          if (error instanceof ApiError) applyServerErrors(setError, error.fieldErrors, ['email'])
        },
      },
    )
  })

  return (
    <form
      onSubmit={(e) => void submit(e)}
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
            {...register('email')}
            placeholder="new@example.com"
            autoComplete="off"
            disabled={transfer.isPending}
            aria-invalid={emailErrors?.length ? true : undefined}
            aria-describedby={emailErrors?.length ? errorId : undefined}
            className="max-w-sm flex-1"
            data-autofocus={!separated || undefined}
          />
          <Button type="submit" variant={separated ? 'outline' : 'default'} disabled={transfer.isPending}>
            {transfer.isPending ? <Spinner label="Transferring" /> : null}
            Transfer
          </Button>
        </div>
        <FieldError id={errorId} messages={emailErrors} />
      </div>
      <KeepActivationsField
        checked={keepActivations.value}
        onChange={keepActivations.onChange}
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
