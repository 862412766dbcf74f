import { CircleAlert } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { Textarea } from '@/components/ui/textarea'
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
  const [form, setForm] = useState<EditLicenseForm>(() => editFormFrom(license))
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({})
  const [saving, setSaving] = useState(false)
  const failure = update.error ?? renew.error
  const serverErrors = failure instanceof ApiError ? failure.fieldErrors : {}
  const errors: Record<string, string[]> = { ...serverErrors, ...localErrors }
  const known = ['max_activations', 'validity_days', 'expires_at', 'notes', 'metadata']
  const generalError = failure && !Object.keys(serverErrors).some((f) => known.includes(f)) ? errorMessage(failure) : null
  const revoked = license.status === 'revoked'
  const set = (key: keyof EditLicenseForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }))

  const newMax = Number(form.maxActivations)
  const overLimit = form.maxActivations.trim() !== '' && Number.isFinite(newMax) && newMax < license.activations_used

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    const plan = planEdit(license, form)
    setLocalErrors(plan.errors)
    if (Object.keys(plan.errors).length) return
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
    } catch {
      // Shown in the form (field errors or the problem detail).
    } finally {
      setSaving(false)
    }
  }

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
              value={form.maxActivations}
              onChange={(e) => set('maxActivations')(e.target.value)}
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
              value={form.expires}
              onChange={(e) => set('expires')(e.target.value)}
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
              value={form.validityDays}
              onChange={(e) => set('validityDays')(e.target.value)}
              className="sm:w-48"
              {...control}
            />
          )}
        </FormField>
      </div>
      <FormField id={`${id}-notes`} label="Notes" optional errors={errors.notes}>
        {(control) => (
          <Textarea
            value={form.notes}
            onChange={(e) => set('notes')(e.target.value)}
            maxLength={5000}
            {...control}
          />
        )}
      </FormField>
      <FormField id={`${id}-metadata`} label="Metadata (JSON)" hint="A JSON object stored with the license." errors={errors.metadata}>
        {(control) => (
          <Textarea
            value={form.metadata}
            onChange={(e) => set('metadata')(e.target.value)}
            rows={4}
            spellCheck={false}
            className="font-mono text-xs"
            {...control}
          />
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
