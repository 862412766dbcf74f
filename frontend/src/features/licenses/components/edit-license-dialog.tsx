import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert } from 'lucide-react'
import { useId, useMemo, useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { z } from 'zod'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { Textarea } from '@/components/ui/textarea'
import { applyServerErrors, fieldMessages, issuesFrom } from '@/lib/form'
import { maskKey } from '@/lib/mask'
import { ApiError, errorMessage } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { useRenewLicense } from '@/api/licenses/renew-license'
import type { License } from '../api/types'
import { useUpdateLicense } from '@/api/licenses/update-license'
import { addDays, toDateInput } from '@/lib/dates'
import { editFormFrom, planEdit, type EditLicenseForm } from '../lib/edit-license'

/** Edit a license's activation limit, validity, expiry, notes and metadata (admin). */
export function EditLicenseDialog({ license, open, onClose }: { license: License | null; open: boolean; onClose: () => void }) {
  const update = useUpdateLicense()
  const renew = useRenewLicense({ silent: true })
  const pending = update.isPending || renew.isPending
  const close = () => {
    update.reset()
    renew.reset()
    onClose()
  }
  return (
    <Dialog
      open={open && !!license}
      onClose={close}
      dismissible={!pending}
      title="Edit license"
      description={
        license ? (
          <>
            <span className="font-mono">{maskKey(license.key)}</span> · {license.product_name}. The key and product cannot
            change.
          </>
        ) : null
      }
    >
      {license ? <EditForm license={license} update={update} renew={renew} onDone={close} /> : null}
    </Dialog>
  )
}

const editLicenseSchema = (license: License) =>
  z
    .object({
      max_activations: z.string(),
      validity_days: z.string(),
      expires_at: z.string(),
      notes: z.string(),
      metadata: z.string(),
    })
    .superRefine(issuesFrom((values: EditLicenseForm) => planEdit(license, values).errors))

/** The fields of the PATCH and the renew: a 422 problem's errors for these show under them. */
const EDIT_FIELDS = ['max_activations', 'validity_days', 'expires_at', 'notes', 'metadata'] as const

function EditForm({
  license,
  update,
  renew,
  onDone,
}: {
  license: License
  update: ReturnType<typeof useUpdateLicense>
  renew: ReturnType<typeof useRenewLicense>
  onDone: () => void
}) {
  const id = useId()
  const schema = useMemo(() => editLicenseSchema(license), [license])
  // Checked on submit only; the messages stay until the next try.
  const { register, handleSubmit, setError, control, formState } = useForm<EditLicenseForm>({
    resolver: zodResolver(schema),
    reValidateMode: 'onSubmit',
    defaultValues: editFormFrom(license),
  })
  const [saving, setSaving] = useState(false)
  const errors = fieldMessages(formState.errors)
  const failure = update.error ?? renew.error
  const serverErrors = failure instanceof ApiError ? failure.fieldErrors : {}
  const generalError =
    failure && !Object.keys(serverErrors).some((f) => (EDIT_FIELDS as readonly string[]).includes(f)) ? errorMessage(failure) : null
  const revoked = license.status === 'revoked'

  const maxActivations = useWatch({ control, name: 'max_activations' })
  const newMax = Number(maxActivations)
  const overLimit = maxActivations.trim() !== '' && Number.isFinite(newMax) && newMax < license.activations_used

  const submit = handleSubmit(async (values) => {
    if (saving) return
    const plan = planEdit(license, values)
    if (!plan.patch && !plan.renew) {
      onDone()
      return
    }
    update.reset()
    renew.reset()
    setSaving(true)
    try {
      if (plan.patch) await update.mutateAsync({ id: license.id, body: plan.patch })
      if (plan.renew) await renew.mutateAsync({ id: license.id, expiresAt: plan.renew.expiresAt })
      toast.success('License updated')
      onDone()
    } catch (error) {
      // Field errors go under their fields; the rest shows at the top (`generalError`).
      if (error instanceof ApiError) applyServerErrors(setError, error.fieldErrors, EDIT_FIELDS)
    } finally {
      setSaving(false)
    }
  })

  const pending = saving || update.isPending || renew.isPending
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4" aria-busy={pending}>
      {generalError ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{generalError}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          id={`${id}-max`}
          label="Max activations"
          hint={
            overLimit
              ? `${license.activations_used} are in use now: existing activations stay, new ones are refused until some are freed.`
              : `Blank = unlimited. ${license.activations_used} in use.`
          }
          errors={errors.max_activations}
        >
          {(control) => (
            <Input
              type="number"
              inputMode="numeric"
              min={1}
              {...register('max_activations')}
              placeholder="Unlimited"
              data-autofocus
              {...control}
            />
          )}
        </FormField>
        <FormField
          id={`${id}-expires`}
          label="Expires on"
          hint={revoked ? 'A revoked license cannot be renewed.' : 'Blank = never expires.'}
          errors={errors.expires_at}
        >
          {(control) => (
            <Input
              type="date"
              min={toDateInput(addDays(new Date(), 1))}
              {...register('expires_at')}
              disabled={revoked}
              {...control}
            />
          )}
        </FormField>
        <FormField
          id={`${id}-validity`}
          label="Validity (days)"
          hint={
            license.customer_id
              ? 'Already assigned: the validity only applied at assignment. Change the expiry instead.'
              : 'Counted from assignment when no expiry is set. Blank = none.'
          }
          errors={errors.validity_days}
          className="sm:col-span-2"
        >
          {(control) => (
            <Input
              type="number"
              inputMode="numeric"
              min={1}
              max={36500}
              {...register('validity_days')}
              className="sm:w-48"
              {...control}
            />
          )}
        </FormField>
      </div>
      <FormField id={`${id}-notes`} label="Notes" optional errors={errors.notes}>
        {(control) => <Textarea {...register('notes')} maxLength={5000} {...control} />}
      </FormField>
      <FormField id={`${id}-metadata`} label="Metadata (JSON)" hint="A JSON object stored with the license." errors={errors.metadata}>
        {(control) => (
          <Textarea {...register('metadata')} rows={4} spellCheck={false} className="font-mono text-xs" {...control} />
        )}
      </FormField>
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
