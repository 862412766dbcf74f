import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert } from 'lucide-react'
import { useId, useMemo } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { z } from 'zod'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { formatDate } from '@/lib/dates'
import { applyServerErrors, fieldMessages, issuesFrom } from '@/lib/form'
import { maskKey } from '@/lib/mask'
import { ApiError, errorMessage } from '@/lib/problem'
import { useRenewLicense } from '@/api/licenses/renew-license'
import type { License } from '../api/types'
import { addDays, toDateInput } from '@/lib/dates'
import { renewalBase, renewalErrors, renewalTarget, type RenewalMode, type RenewalValues } from '../lib/renewal'

/** Renew or extend: add days to the current expiry (or today), pick a date, or make it perpetual. */
export function RenewDialog({ license, open, onClose }: { license: License | null; open: boolean; onClose: () => void }) {
  const renew = useRenewLicense()
  const close = () => {
    renew.reset()
    onClose()
  }
  return (
    <Dialog
      open={open && !!license}
      onClose={close}
      dismissible={!renew.isPending}
      title="Renew or extend license"
      description={
        license ? (
          <>
            <span className="font-mono">{maskKey(license.key)}</span> · {license.product_name}
          </>
        ) : null
      }
    >
      {license ? <RenewForm license={license} mutation={renew} onDone={close} /> : null}
    </Dialog>
  )
}

function currentExpiry(license: License): string {
  if (!license.expires_at) return 'It never expires.'
  const past = new Date(license.expires_at).getTime() <= Date.now()
  return `${past ? 'It expired on' : 'It expires on'} ${formatDate(license.expires_at)}.`
}

const renewSchema = (license: License) =>
  z
    .object({ mode: z.enum(['extend', 'date', 'perpetual']), days: z.string(), date: z.string() })
    .superRefine(issuesFrom((values: RenewalValues) => renewalErrors(license, values)))

function RenewForm({ license, mutation, onDone }: { license: License; mutation: ReturnType<typeof useRenewLicense>; onDone: () => void }) {
  const id = useId()
  const schema = useMemo(() => renewSchema(license), [license])
  // Checked on submit, then again on every change, so the messages follow the “New expiry” line below.
  const { register, handleSubmit, setError, control, formState } = useForm<RenewalValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      mode: 'extend',
      days: String(license.validity_days ?? 365),
      date: toDateInput(addDays(renewalBase(license.expires_at), 365)),
    },
  })
  const [mode, days, date] = useWatch({ control, name: ['mode', 'days', 'date'] })
  const target = renewalTarget(license, mode, days, date)
  const errors = fieldMessages(formState.errors)
  const serverFieldError = mutation.error instanceof ApiError ? mutation.error.fieldErrors.expires_at : undefined
  const generalError = mutation.error && !serverFieldError ? errorMessage(mutation.error) : null
  const base = renewalBase(license.expires_at)
  const fromLabel = base.getTime() === new Date(license.expires_at ?? 0).getTime() ? 'the current expiry' : 'today'

  const submit = handleSubmit((values) => {
    if (mutation.isPending) return
    const next = renewalTarget(license, values.mode, values.days, values.date)
    if ('error' in next) return
    mutation.reset()
    mutation.mutate(
      { id: license.id, expiresAt: next.expiresAt },
      {
        onSuccess: onDone,
        // The server names the expiry; it shows under whichever field produced it.
        onError: (error) => {
          if (!(error instanceof ApiError) || values.mode === 'perpetual') return
          const field = values.mode === 'extend' ? 'days' : 'date'
          applyServerErrors(setError, { [field]: error.fieldErrors.expires_at ?? [] }, [field])
        },
      },
    )
  })

  const radio = (value: RenewalMode, label: string) => (
    <label className="flex items-center gap-2 text-sm font-medium">
      <input type="radio" value={value} {...register('mode')} className="size-4 accent-primary" />
      {label}
    </label>
  )

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4" aria-busy={mutation.isPending}>
      <p className="text-sm">{currentExpiry(license)}</p>
      {generalError ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{generalError}</AlertDescription>
        </Alert>
      ) : null}
      <fieldset className="flex flex-col gap-3">
        <legend className="sr-only">New expiry</legend>
        {radio('extend', 'Extend by a number of days')}
        {mode === 'extend' ? (
          <FormField id={`${id}-days`} label="Days" hint={`Counted from ${fromLabel}.`} errors={errors.days} className="pl-6">
            {(control) => (
              <Input
                type="number"
                inputMode="numeric"
                min={1}
                max={36500}
                {...register('days')}
                className="w-32"
                data-autofocus
                {...control}
              />
            )}
          </FormField>
        ) : null}
        {radio('date', 'Expire on a date')}
        {mode === 'date' ? (
          <FormField id={`${id}-date`} label="Expires on" hint="Valid through the end of that day." errors={errors.date} className="pl-6">
            {(control) => (
              <Input
                type="date"
                min={toDateInput(addDays(new Date(), 1))}
                {...register('date')}
                className="w-48"
                {...control}
              />
            )}
          </FormField>
        ) : null}
        {radio('perpetual', 'Never expires (perpetual)')}
      </fieldset>
      <p className="rounded-md bg-muted px-3 py-2 text-sm" aria-live="polite">
        New expiry:{' '}
        <span className="font-medium">
          {'error' in target ? '—' : target.expiresAt ? formatDate(target.expiresAt) : 'Never'}
        </span>
      </p>
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={mutation.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? <Spinner label="Saving" /> : null}
          Renew
        </Button>
      </DialogFooter>
    </form>
  )
}
