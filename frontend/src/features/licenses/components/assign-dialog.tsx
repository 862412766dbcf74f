import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert } from 'lucide-react'
import { useId, useMemo } from 'react'
import { useController, useForm } from 'react-hook-form'
import { z } from 'zod'
import { KeepActivationsField } from '@/components/domain/keep-activations-field'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { formatDate, toDateInput } from '@/lib/dates'
import { applyServerErrors, fieldMessages, issuesFrom } from '@/lib/form'
import { maskKey } from '@/lib/mask'
import { ApiError, errorMessage } from '@/lib/problem'
import { useAssignLicense } from '@/api/licenses/assign-license'
import type { License } from '../api/types'
import { ASSIGN_DEFAULTS, toAssignRequest, validateAssign, type AssignValues } from '../lib/assign-form'

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

const assignSchema = (license: License, transfer: boolean) =>
  z
    .object({ email: z.string(), name: z.string(), expires_at: z.string(), keep_activations: z.boolean() })
    .superRefine(issuesFrom((values: AssignValues) => validateAssign(values, license, transfer)))

/** The assign request's fields: a 422 problem's errors for these show under them, anything else at the top. */
const ASSIGN_FIELDS = ['email', 'name', 'expires_at'] as const

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
  const schema = useMemo(() => assignSchema(license, transfer), [license, transfer])
  // Checked on submit only; the messages stay until the next try.
  const { register, handleSubmit, setError, control, formState } = useForm<AssignValues>({
    resolver: zodResolver(schema),
    reValidateMode: 'onSubmit',
    defaultValues: ASSIGN_DEFAULTS,
  })
  // A transfer deactivates the earlier owner's devices unless this is on.
  const { field: keepActivations } = useController({ control, name: 'keep_activations' })
  const errors = fieldMessages(formState.errors)
  const serverErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors : {}
  const generalError =
    mutation.error && !Object.keys(serverErrors).some((f) => (ASSIGN_FIELDS as readonly string[]).includes(f)) ? errorMessage(mutation.error) : null

  const submit = handleSubmit((values) => {
    if (mutation.isPending) return
    mutation.reset()
    mutation.mutate(
      { id: license.id, transfer, ...toAssignRequest(values, transfer) },
      {
        onSuccess: onDone,
        onError: (error) => {
          if (error instanceof ApiError) applyServerErrors(setError, error.fieldErrors, ASSIGN_FIELDS)
        },
      },
    )
  })

  const validity = license.validity_days
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4" aria-busy={mutation.isPending}>
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
            {...register('email')}
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
        {(control) => <Input {...register('name')} autoComplete="off" {...control} />}
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
          {(control) => <Input type="date" {...register('expires_at')} min={toDateInput(new Date())} {...control} />}
        </FormField>
      ) : null}
      {transfer ? (
        <KeepActivationsField
          checked={keepActivations.value}
          onChange={keepActivations.onChange}
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
