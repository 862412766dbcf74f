import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { pluralize } from '@/lib/format'
import { maskKey } from '@/lib/mask'
import { errorMessage } from '@/lib/problem'
import { useDeleteLicense } from '../api/delete-license'
import { useRevokeLicense } from '@/api/licenses/revoke-license'
import { useSuspendLicense } from '../api/suspend-license'
import type { License } from '../api/types'
import { useUnassignLicense } from '../api/unassign-license'
import type { LicenseActionKind } from '../lib/actions'
import { AssignDialog } from './assign-dialog'
import { EditLicenseDialog } from './edit-license-dialog'
import { RenewDialog } from './renew-dialog'

export interface PendingAction {
  kind: LicenseActionKind
  license: License
}

export interface LicenseActionDialogsProps {
  action: PendingAction | null
  onClose: () => void
  /** After a delete (e.g. to close the detail view of that license). */
  onDeleted?: (license: License) => void
}

function Key({ license }: { license: License }) {
  return <span className="font-mono">{maskKey(license.key)}</span>
}

function activationsNote(license: License): string {
  return license.activations_used > 0 ? ` Its ${pluralize(license.activations_used, 'active activation')} will be deactivated.` : ''
}

/** The dialog for the chosen row action (assign, transfer, renew, edit, and the confirmations). */
export function LicenseActionDialogs({ action, onClose, onDeleted }: LicenseActionDialogsProps) {
  const suspend = useSuspendLicense()
  const revoke = useRevokeLicense()
  const unassign = useUnassignLicense()
  const remove = useDeleteLicense()
  const kind = action?.kind ?? null
  const license = action?.license ?? null

  const close = () => {
    suspend.reset()
    revoke.reset()
    unassign.reset()
    remove.reset()
    onClose()
  }

  return (
    <>
      <AssignDialog
        license={license}
        mode={kind === 'transfer' ? 'transfer' : 'assign'}
        open={kind === 'assign' || kind === 'transfer'}
        onClose={close}
      />
      <RenewDialog license={license} open={kind === 'renew'} onClose={close} />
      <EditLicenseDialog license={license} open={kind === 'edit'} onClose={close} />
      <ConfirmDialog
        open={kind === 'suspend' && !!license}
        onClose={close}
        title="Suspend license?"
        message={
          license ? (
            <>
              <Key license={license} /> stops working for {license.customer_email ?? 'everyone'} until it is reinstated. Devices
              checking it are told it is suspended.
            </>
          ) : null
        }
        confirmLabel="Suspend"
        reason={{ label: 'Reason', placeholder: 'e.g. Chargeback on order A-1042' }}
        pending={suspend.isPending}
        error={suspend.error ? errorMessage(suspend.error) : null}
        onConfirm={({ reason }) => license && suspend.mutate({ id: license.id, reason }, { onSuccess: close })}
      />
      <ConfirmDialog
        open={kind === 'revoke' && !!license}
        onClose={close}
        title="Revoke license?"
        message={
          license ? (
            <>
              Revoking <Key license={license} /> is permanent: it can never be assigned, reinstated or renewed again.
              {activationsNote(license)}
            </>
          ) : null
        }
        confirmLabel="Revoke license"
        destructive
        reason={{ label: 'Reason', placeholder: 'e.g. Refunded' }}
        pending={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error) : null}
        onConfirm={({ reason }) => license && revoke.mutate({ id: license.id, reason }, { onSuccess: close })}
      />
      <ConfirmDialog
        open={kind === 'unassign' && !!license}
        onClose={close}
        title="Unassign license?"
        message={
          license ? (
            <>
              <Key license={license} /> is taken away from {license.customer_email ?? 'its owner'} and becomes available again.
              {activationsNote(license)}
            </>
          ) : null
        }
        confirmLabel="Unassign"
        pending={unassign.isPending}
        error={unassign.error ? errorMessage(unassign.error) : null}
        onConfirm={() => license && unassign.mutate(license.id, { onSuccess: close })}
      />
      <ConfirmDialog
        open={kind === 'delete' && !!license}
        onClose={close}
        title="Delete license?"
        message={
          license ? (
            <>
              <Key license={license} /> and its activations are deleted, and the key is never issued again. This cannot be undone.
              {license.customer_email ? ` ${license.customer_email} loses it at once.` : ''}
            </>
          ) : null
        }
        confirmLabel="Delete license"
        destructive
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() =>
          license &&
          remove.mutate(license.id, {
            onSuccess: () => {
              onDeleted?.(license)
              close()
            },
          })
        }
      />
    </>
  )
}
