import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { ApiError, errorMessage } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { useUpdatePortalName } from '../api/update-name'

/** The customer's name (the email is the account: only the vendor changes it). */
export function NameForm({ name }: { name: string | null | undefined }) {
  const [value, setValue] = useState(name ?? '')
  const update = useUpdatePortalName()
  const fieldErrors = update.error instanceof ApiError ? update.error.fieldErrors.name : undefined
  const unchanged = value.trim() === (name ?? '')

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (update.isPending || unchanged) return
    update.mutate(value.trim(), {
      onError: (error) => {
        if (!(error instanceof ApiError && error.fieldErrors.name)) toast.error(errorMessage(error))
      },
    })
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Your name">
      <FormField label="Name" errors={fieldErrors} hint="How the vendor addresses you. Leave empty to use your email.">
        {(control) => (
          <Input
            {...control}
            name="name"
            autoComplete="name"
            value={value}
            onChange={(e) => {
              setValue(e.target.value)
              if (update.error) update.reset()
            }}
            disabled={update.isPending}
          />
        )}
      </FormField>
      <div>
        <Button type="submit" disabled={update.isPending || unchanged}>
          {update.isPending ? <Spinner label="Saving" /> : null}
          Save name
        </Button>
      </div>
    </form>
  )
}
