import { CircleAlert, TriangleAlert } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Select } from '@/components/ui/select'
import { Spinner } from '@/components/ui/spinner'
import { ApiError, errorMessage } from '@/lib/problem'
import { roleLabel } from '@/lib/roles'
import { useUpdateAdmin } from '../api/update-admin'
import { adminChanges, ROLE_DESCRIPTIONS, selfChangeWarning, type AdminFormValues } from '../lib/admin-options'
import type { Admin, AdminRole, AdminStatus } from '../lib/types'

export interface EditAdminDialogProps {
  /** The admin being edited; null closes the dialog. */
  admin: Admin | null
  onClose: () => void
  roles: AdminRole[]
  /** Editing your own account: changes that lock you out are spelled out first. */
  isSelf: boolean
}

/** Name, role and status of an admin (the email is immutable). */
export function EditAdminDialog({ admin, onClose, roles, isSelf }: EditAdminDialogProps) {
  const [pending, setPending] = useState(false)
  return (
    <Dialog
      open={admin !== null}
      onClose={onClose}
      title="Edit admin"
      description={admin ? admin.email : undefined}
      dismissible={!pending}
    >
      {admin ? <EditAdminForm admin={admin} roles={roles} isSelf={isSelf} onDone={onClose} onPendingChange={setPending} /> : null}
    </Dialog>
  )
}

function EditAdminForm({
  admin,
  roles,
  isSelf,
  onDone,
  onPendingChange,
}: {
  admin: Admin
  roles: AdminRole[]
  isSelf: boolean
  onDone: () => void
  onPendingChange: (pending: boolean) => void
}) {
  const [values, setValues] = useState<AdminFormValues>({ name: admin.name ?? '', role: admin.role, status: admin.status })
  const update = useUpdateAdmin()
  const apiError = update.error instanceof ApiError ? update.error : null
  const fieldErrors = apiError?.fieldErrors ?? {}
  const hasFieldErrors = Object.keys(fieldErrors).length > 0
  const warning = isSelf ? selfChangeWarning(admin, values) : null
  const roleOptions = roles.includes(admin.role) ? roles : [...roles, admin.role]

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (update.isPending) return
    const changes = adminChanges(admin, values)
    if (Object.keys(changes).length === 0) {
      onDone()
      return
    }
    onPendingChange(true)
    update.mutate({ id: admin.id, changes }, { onSuccess: onDone, onSettled: () => onPendingChange(false) })
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-busy={update.isPending}>
      {update.error && !hasFieldErrors ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{errorMessage(update.error)}</AlertDescription>
        </Alert>
      ) : null}
      <FormField label="Name" optional errors={fieldErrors.name}>
        {(control) => (
          <Input
            {...control}
            autoComplete="off"
            value={values.name}
            onChange={(e) => setValues({ ...values, name: e.target.value })}
            disabled={update.isPending}
            data-autofocus
          />
        )}
      </FormField>
      <FormField label="Role" errors={fieldErrors.role} hint={ROLE_DESCRIPTIONS[values.role]}>
        {(control) => (
          <Select
            {...control}
            value={values.role}
            onChange={(e) => setValues({ ...values, role: e.target.value as AdminRole })}
            disabled={update.isPending}
          >
            {roleOptions.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField
        label="Status"
        errors={fieldErrors.status}
        hint="Deactivating ends the admin's sessions at once and suspends the API keys they created until reactivated."
      >
        {(control) => (
          <Select
            {...control}
            value={values.status}
            onChange={(e) => setValues({ ...values, status: e.target.value as AdminStatus })}
            disabled={update.isPending}
          >
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </Select>
        )}
      </FormField>
      {warning ? (
        <Alert variant="destructive" role="status">
          <TriangleAlert aria-hidden="true" />
          <AlertDescription>{warning}</AlertDescription>
        </Alert>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? <Spinner label="Saving" /> : null}
          Save changes
        </Button>
      </DialogFooter>
    </form>
  )
}
