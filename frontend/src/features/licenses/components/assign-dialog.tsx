import { CircleAlert } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { KeepActivationsField } from '@/components/domain/keep-activations-field'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { formatDate } from '@/lib/dates'
import { maskKey } from '@/lib/mask'
import { ApiError, errorMessage } from '@/lib/problem'
import { useAssignLicense } from '@/api/licenses/assign-license'
import type { License } from '../api/types'
import { expiryFromDateInput, toDateInput } from '@/lib/dates'

export interface AssignDialogProps {
  license: License | null
  /** 'transfer' when the license already has an owner. */
  mode: 'assign' | 'transfer'
  open: boolean
  onClose: () => void
}

/** Assign a license to an email, or transfer it from its owner to another email. */
export function AssignDialog({ license, mode, open, onClose }: AssignDialogProps) {
  const assign = useAssignLicense()
  const transfer = mode === 'transfer'
  const close = () => {
    assign.reset()
    onClose()
  }
  return (
    <Dialog
      open={open && !!license}
      onClose={close}
      dismissible={!assign.isPending}
      title={transfer ? 'Transfer license' : 'Assign license'}
      description={
        license ? (
          <>
            <span className="font-mono">{maskKey(license.key)}</span> · {license.product_name}
          </>
        ) : null
      }
    >
      {license ? <AssignForm license={license} transfer={transfer} mutation={assign} onDone={close} /> : null}
    </Dialog>
  )
}

function AssignForm({
  license,
  transfer,
  mutation,
  onDone,
}: {
  license: License
  transfer: boolean
  mutation: ReturnType<typeof useAssignLicense>
  onDone: () => void
}) {
  const id = useId()
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [expires, setExpires] = useState('')
  // A transfer deactivates the earlier owner's devices unless this is on.
  const [keepActivations, setKeepActivations] = useState(false)
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({})
  const serverErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors : {}
  const errors = { ...serverErrors, ...localErrors }
  const fieldNames = new Set(['email', 'name', 'expires_at'])
  const generalError = mutation.error && !Object.keys(serverErrors).some((f) => fieldNames.has(f)) ? errorMessage(mutation.error) : null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (mutation.isPending) return
    const trimmed = email.trim()
    const next: Record<string, string[]> = {}
    if (!trimmed) next.email = ['Enter the customer’s email address.']
    else if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) next.email = ['Enter a valid email address.']
    else if (transfer && license.customer_email && trimmed.toLowerCase() === license.customer_email.toLowerCase()) {
      next.email = ['The license is already assigned to this email.']
    }
    const expiresAt = expires ? expiryFromDateInput(expires) : null
    if (expires && !expiresAt) next.expires_at = ['Enter a valid date.']
    setLocalErrors(next)
    if (Object.keys(next).length) return
    mutation.reset()
    mutation.mutate(
      {
        id: license.id,
        transfer,
        email: trimmed,
        name: name.trim() || null,
        ...(expiresAt ? { expires_at: expiresAt } : {}),
        ...(transfer ? { keep_activations: keepActivations } : {}),
      },
      { onSuccess: onDone },
    )
  }

  const validity = license.validity_days
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-busy={mutation.isPending}>
      {transfer ? (
        <p className="text-sm">
          Currently assigned to <span className="font-medium">{license.customer_email ?? 'a deleted customer'}</span>. The license
          keeps its expiry ({formatDate(license.expires_at)}); the new owner gets it in their portal.
        </p>
      ) : null}
      {generalError ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{generalError}</AlertDescription>
        </Alert>
      ) : null}
      <FormField
        id={`${id}-email`}
        label={transfer ? 'New owner’s email' : 'Customer email'}
        hint="A customer account is created if this email is new."
        errors={errors.email}
      >
        {(control) => (
          <Input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            required
            data-autofocus
            {...control}
          />
        )}
      </FormField>
      <FormField
        id={`${id}-name`}
        label="Customer name"
        optional
        hint="Used only when the customer is created."
        errors={errors.name}
      >
        {(control) => (
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            {...control}
          />
        )}
      </FormField>
      {!transfer ? (
        <FormField
          id={`${id}-expires`}
          label="Expires on"
          optional
          hint={
            license.expires_at
              ? `Leave blank to keep ${formatDate(license.expires_at)}.`
              : validity
                ? `Leave blank for ${validity} days from today.`
                : 'Leave blank for a perpetual license.'
          }
          errors={errors.expires_at}
        >
          {(control) => (
            <Input
              type="date"
              value={expires}
              min={toDateInput(new Date())}
              onChange={(e) => setExpires(e.target.value)}
              {...control}
            />
          )}
        </FormField>
      ) : null}
      {transfer ? (
        <KeepActivationsField
          checked={keepActivations}
          onChange={setKeepActivations}
          devices={license.activations_used}
          disabled={mutation.isPending}
        />
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={mutation.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? <Spinner label="Saving" /> : null}
          {transfer ? 'Transfer' : 'Assign'}
        </Button>
      </DialogFooter>
    </form>
  )
}
