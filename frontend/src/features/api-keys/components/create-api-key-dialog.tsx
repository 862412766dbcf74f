import { CircleAlert, TriangleAlert } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Select } from '@/components/ui/select'
import { Spinner } from '@/components/ui/spinner'
import { formatDateTime } from '@/lib/dates'
import { ApiError, errorMessage } from '@/lib/problem'
import { roleLabel } from '@/lib/roles'
import { useCreateApiKey } from '../api/create-api-key'
import { toDateInput } from '@/lib/dates'
import { EXPIRY_OPTIONS, expiresAtFor, type ExpiryChoice } from '../lib/expiry'
import type { ApiKeyRole, CreatedApiKey } from '../lib/types'

export interface CreateApiKeyDialogProps {
  open: boolean
  onClose: () => void
  /** Roles the signed-in admin may give a key (at most their own). */
  roles: ApiKeyRole[]
}

/**
 * "Create API key": name, role and expiry; then the secret, shown this once with a copy
 * button. Closing the dialog forgets it.
 */
export function CreateApiKeyDialog({ open, onClose, roles }: CreateApiKeyDialogProps) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null)
  const [pending, setPending] = useState(false)

  const close = () => {
    setCreated(null)
    onClose()
  }

  if (created) {
    return (
      <Dialog open={open} onClose={close} title="Copy your new API key" dismissible={false} size="lg">
        <SecretOnce created={created} onDone={close} />
      </Dialog>
    )
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Create API key"
      description="For scripts and integrations: the key acts with the role you give it."
      dismissible={!pending}
    >
      <CreateApiKeyForm roles={roles} onCancel={close} onCreated={setCreated} onPendingChange={setPending} />
    </Dialog>
  )
}

function CreateApiKeyForm({
  roles,
  onCancel,
  onCreated,
  onPendingChange,
}: {
  roles: ApiKeyRole[]
  onCancel: () => void
  onCreated: (created: CreatedApiKey) => void
  onPendingChange: (pending: boolean) => void
}) {
  const [name, setName] = useState('')
  const [role, setRole] = useState<ApiKeyRole>(roles.includes('viewer') ? 'viewer' : (roles[0] ?? 'viewer'))
  const [expiry, setExpiry] = useState<ExpiryChoice>('never')
  const [date, setDate] = useState('')
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({})
  const create = useCreateApiKey()

  const serverErrors = create.error instanceof ApiError ? create.error.fieldErrors : {}
  const errors = {
    name: localErrors.name ?? serverErrors.name,
    role: serverErrors.role,
    expires_at: localErrors.expires_at ?? serverErrors.expires_at,
  }
  const hasServerFieldErrors = Object.keys(serverErrors).length > 0

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (create.isPending) return
    const problems: Record<string, string[]> = {}
    if (!name.trim()) problems.name = ['Give the key a name, e.g. what uses it']
    const expiresAt = expiresAtFor(expiry, date)
    if (!expiresAt.ok) problems.expires_at = [expiresAt.message]
    setLocalErrors(problems)
    if (Object.keys(problems).length > 0 || !expiresAt.ok) return
    onPendingChange(true)
    create.mutate(
      { name, role, expires_at: expiresAt.expiresAt },
      { onSuccess: onCreated, onSettled: () => onPendingChange(false) },
    )
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-busy={create.isPending}>
      {create.error && !hasServerFieldErrors ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{errorMessage(create.error)}</AlertDescription>
        </Alert>
      ) : null}
      <FormField label="Name" errors={errors.name} hint="What uses the key, e.g. “CI deploys” or “CRM sync”.">
        {(control) => (
          <Input {...control} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} disabled={create.isPending} data-autofocus />
        )}
      </FormField>
      <FormField label="Role" errors={errors.role} hint="The key can do what an admin with this role can. It cannot be higher than your own.">
        {(control) => (
          <Select {...control} value={role} onChange={(e) => setRole(e.target.value as ApiKeyRole)} disabled={create.isPending}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Expires" errorSubject="Expiry" errors={expiry === 'custom' ? undefined : errors.expires_at}>
        {(control) => (
          <Select {...control} value={expiry} onChange={(e) => setExpiry(e.target.value as ExpiryChoice)} disabled={create.isPending}>
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      {expiry === 'custom' ? (
        <FormField label="Expiry date" errors={errors.expires_at} hint="The key works through the end of this day.">
          {(control) => (
            <Input
              {...control}
              type="date"
              min={toDateInput(new Date())}
              value={date}
              onChange={(e) => setDate(e.target.value)}
              disabled={create.isPending}
            />
          )}
        </FormField>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? <Spinner label="Creating" /> : null}
          Create key
        </Button>
      </DialogFooter>
    </form>
  )
}

/** The secret, once: a warning, the key in a read-only field, copy, and how to use it. */
function SecretOnce({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const id = useId()
  const { api_key: key, secret } = created
  return (
    <div className="flex flex-col gap-4">
      <Alert variant="destructive" role="status">
        <TriangleAlert aria-hidden="true" />
        <AlertTitle>This is the only time the key is shown</AlertTitle>
        <AlertDescription>
          Copy it now and store it in a secret manager. Latchkey keeps only a hash: if you lose the key, revoke it and
          create a new one.
        </AlertDescription>
      </Alert>
      <div className="flex flex-col gap-2">
        <Label htmlFor={id}>API key “{key.name}”</Label>
        <div className="flex items-center gap-2">
          <Input
            id={id}
            readOnly
            value={secret}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
            className="font-mono text-xs sm:text-sm"
            data-testid="api-key-secret"
          />
          <CopyButton value={secret} label="API key" variant="outline" className="size-9" />
        </div>
        <p className="text-xs text-muted-foreground">
          Role {roleLabel(key.role)} ·{' '}
          {key.expires_at ? `expires ${formatDateTime(key.expires_at)}` : 'never expires'}
        </p>
      </div>
      <div className="flex flex-col gap-2 text-sm">
        <p className="font-medium">Use it as a bearer token</p>
        <pre className="overflow-x-auto rounded-md border border-border bg-muted/50 p-3 font-mono text-xs">
          {`curl -H "Authorization: Bearer $LATCHKEY_API_KEY" \\\n  ${globalThis.location?.origin ?? ''}/api/v1/admin/products`}
        </pre>
      </div>
      <DialogFooter>
        <Button onClick={onDone} data-autofocus>
          I have copied the key
        </Button>
      </DialogFooter>
    </div>
  )
}
