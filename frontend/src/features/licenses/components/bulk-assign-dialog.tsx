import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, TriangleAlert } from 'lucide-react'
import { useId } from 'react'
import { useController, useForm, useWatch } from 'react-hook-form'
import { z } from 'zod'
import { KeepActivationsField } from '@/components/domain/keep-activations-field'
import { LicenseStatusBadge } from '@/components/domain/license-status-badge'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { applyServerErrors, fieldMessages, issuesFrom } from '@/lib/form'
import { pluralize } from '@/lib/format'
import { maskKey } from '@/lib/mask'
import { ApiError, errorMessage } from '@/lib/problem'
import { useBulkAssignLicenses } from '../api/bulk-assign-licenses'
import type { License } from '../api/types'
import { BULK_ASSIGN_DEFAULTS, toBulkAssignRequest, validateBulkAssign, type BulkAssignValues } from '../lib/assign-form'
import { transfers, unassignable } from '../lib/selection'

export interface BulkAssignDialogProps {
  open: boolean
  licenses: License[]
  onClose: () => void
  /** All were assigned (clear the selection). */
  onAssigned: () => void
  /** Drop these from the selection (the ones that cannot be assigned). */
  onDeselect: (ids: string[]) => void
}

/** "Bulk Assign": every selected license to one email, all or nothing. */
export function BulkAssignDialog({ open, licenses, onClose, onAssigned, onDeselect }: BulkAssignDialogProps) {
  const mutation = useBulkAssignLicenses()
  const close = () => {
    mutation.reset()
    onClose()
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      dismissible={!mutation.isPending}
      size="lg"
      title="Bulk Assign"
      description={`Assign ${pluralize(licenses.length, 'selected license')} to one customer. All or nothing: if one cannot be assigned, none is.`}
    >
      <BulkAssignForm
        licenses={licenses}
        mutation={mutation}
        onCancel={close}
        onAssigned={() => {
          mutation.reset()
          onAssigned()
        }}
        onDeselect={onDeselect}
      />
    </Dialog>
  )
}

/** Messages the API gave for `license_ids[i]`, by license id. */
function perLicenseErrors(error: unknown, licenses: License[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  if (!(error instanceof ApiError)) return out
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    const match = /^license_ids\[(\d+)\]$/.exec(field)
    const license = match ? licenses[Number(match[1])] : undefined
    if (license) out.set(license.id, messages)
  }
  // A refusal names the license by position: "License 2 (KEY): The license has expired…".
  const refused = error.status === 409 && error.detail ? /^License (\d+) \(/.exec(error.detail) : null
  const license = refused ? licenses[Number(refused[1]) - 1] : undefined
  if (license && !out.has(license.id)) out.set(license.id, [error.detail ?? ''])
  return out
}

const bulkAssignSchema = z
  .object({ email: z.string(), name: z.string(), keep_activations: z.boolean() })
  .superRefine(issuesFrom(validateBulkAssign))

/** The fields a 422 problem's errors show under; the per-license ones go on the list's rows. */
const BULK_ASSIGN_FIELDS = ['email', 'name'] as const

function BulkAssignForm({
  licenses,
  mutation,
  onCancel,
  onAssigned,
  onDeselect,
}: {
  licenses: License[]
  mutation: ReturnType<typeof useBulkAssignLicenses>
  onCancel: () => void
  onAssigned: () => void
  onDeselect: (ids: string[]) => void
}) {
  const id = useId()
  // Checked on submit only; the messages stay until the next try.
  const { register, handleSubmit, setError, control, formState } = useForm<BulkAssignValues>({
    resolver: zodResolver(bulkAssignSchema),
    reValidateMode: 'onSubmit',
    defaultValues: BULK_ASSIGN_DEFAULTS,
  })
  // Licenses that move from another owner deactivate that owner's devices unless this is on.
  const { field: keepActivations } = useController({ control, name: 'keep_activations' })
  const email = useWatch({ control, name: 'email' })
  const errors = fieldMessages(formState.errors)
  const blocked = unassignable(licenses)
  const blockedIds = new Map(blocked.map((b) => [b.license.id, b.reason]))
  const typed = email.includes('@')
  const moving = typed ? transfers(licenses, email) : []
  // Until the email is typed, every license with an owner may be a transfer.
  const mayMove = typed ? moving : licenses.filter((l) => l.customer_id)
  const movingDevices = mayMove.reduce((sum, l) => sum + l.activations_used, 0)
  const serverFields = mutation.error instanceof ApiError ? mutation.error.fieldErrors : {}
  const rowErrors = perLicenseErrors(mutation.error, licenses)
  const fieldRowErrors = Object.keys(serverFields).some((f) => f.startsWith('license_ids['))
  const generalError =
    mutation.error && !serverFields.email && !serverFields.name && !fieldRowErrors ? errorMessage(mutation.error) : null
  const listError = serverFields.license_ids

  const submit = handleSubmit((values) => {
    if (mutation.isPending || blocked.length || !licenses.length) return
    mutation.reset()
    mutation.mutate(toBulkAssignRequest(values, licenses), {
      onSuccess: onAssigned,
      onError: (error) => {
        if (error instanceof ApiError) applyServerErrors(setError, error.fieldErrors, BULK_ASSIGN_FIELDS)
      },
    })
  })

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4" aria-busy={mutation.isPending}>
      {blocked.length ? (
        <Alert variant="destructive">
          <TriangleAlert aria-hidden="true" />
          <AlertTitle>{pluralize(blocked.length, 'selected license')} cannot be assigned</AlertTitle>
          <AlertDescription>
            <p>Suspended, expired and revoked licenses must be reinstated or renewed first.</p>
            <Button
              variant="outline"
              size="sm"
              className="mt-2"
              onClick={() => onDeselect(blocked.map((b) => b.license.id))}
            >
              Remove {blocked.length === 1 ? 'it' : 'them'} from the selection
            </Button>
          </AlertDescription>
        </Alert>
      ) : null}
      {generalError ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{generalError}</AlertDescription>
        </Alert>
      ) : null}
      <div className="max-h-56 overflow-y-auto rounded-md border border-border">
        <ul aria-label="Selected licenses" className="divide-y divide-border text-sm">
          {licenses.map((license) => {
            const reason = blockedIds.get(license.id)
            const errors = rowErrors.get(license.id)
            return (
              <li key={license.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
                <code className="font-mono text-xs">{maskKey(license.key)}</code>
                <span className="truncate text-muted-foreground">{license.product_name}</span>
                <LicenseStatusBadge status={license.status} />
                {license.customer_email ? <span className="truncate text-xs text-muted-foreground">now {license.customer_email}</span> : null}
                {reason ? <span className="w-full text-xs text-destructive">Cannot be assigned: {reason}.</span> : null}
                {errors ? <span className="w-full text-xs text-destructive">{errors.join(' ')}</span> : null}
              </li>
            )
          })}
        </ul>
      </div>
      {listError ? <p className="text-sm text-destructive">{listError.join(' ')}</p> : null}
      <FormField
        id={`${id}-email`}
        label="Customer email"
        hint="A customer account is created if this email is new."
        errors={errors.email}
      >
        {(control) => (
          <Input
            type="email"
            {...register('email')}
            autoComplete="off"
            spellCheck={false}
            required
            data-autofocus
            {...control}
          />
        )}
      </FormField>
      <FormField id={`${id}-name`} label="Customer name" optional hint="Used only when the customer is created." errors={errors.name}>
        {(control) => <Input {...register('name')} autoComplete="off" {...control} />}
      </FormField>
      {moving.length ? (
        <p className="text-sm text-amber-700 dark:text-amber-400" role="status">
          {pluralize(moving.length, 'license')} {moving.length === 1 ? 'belongs' : 'belong'} to another customer and will be
          transferred.
        </p>
      ) : null}
      {mayMove.length ? (
        <KeepActivationsField
          checked={keepActivations.value}
          onChange={keepActivations.onChange}
          devices={movingDevices}
          several={new Set(mayMove.map((l) => l.customer_id)).size > 1}
          disabled={mutation.isPending}
        />
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={mutation.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={mutation.isPending || blocked.length > 0 || licenses.length === 0}>
          {mutation.isPending ? <Spinner label="Assigning" /> : null}
          Assign {pluralize(licenses.length, 'license')}
        </Button>
      </DialogFooter>
    </form>
  )
}
