import type { AdminRole } from '@/lib/api/types'
import type { License } from '../api/types'

/** What can be done to a license from the list or the detail view. */
export type LicenseActionKind =
  | 'assign'
  | 'transfer'
  | 'unassign'
  | 'suspend'
  | 'reinstate'
  | 'renew'
  | 'edit'
  | 'revoke'
  | 'delete'

export const ACTION_LABELS: Record<LicenseActionKind, string> = {
  assign: 'Assign',
  transfer: 'Transfer',
  unassign: 'Unassign',
  suspend: 'Suspend',
  reinstate: 'Reinstate',
  renew: 'Renew / extend',
  edit: 'Edit',
  revoke: 'Revoke',
  delete: 'Delete',
}

/** Red in menus: they cannot be undone or take the license away. */
export const DESTRUCTIVE_ACTIONS: ReadonlySet<LicenseActionKind> = new Set(['revoke', 'delete'])

/**
 * The actions the API would accept for this license from an admin who passes `can`
 * (the role rules of the endpoints: assign, bulk assign, suspend and reinstate need an
 * operator; unassign, renew, revoke, edit and delete an admin), in menu order.
 * Status rules: only an available license is assigned and only an assigned/active one
 * transferred (expired and suspended ones must be renewed or reinstated first); a revoked
 * license can only be edited (notes) or deleted.
 */
export function licenseActions(
  license: Pick<License, 'status' | 'customer_id'>,
  can: (min: AdminRole) => boolean,
): LicenseActionKind[] {
  const { status } = license
  const owned = !!license.customer_id
  const revoked = status === 'revoked'
  const actions: LicenseActionKind[] = []
  if (can('operator')) {
    if (status === 'available') actions.push('assign')
    if (owned && (status === 'assigned' || status === 'active')) actions.push('transfer')
  }
  if (can('admin') && owned && !revoked) actions.push('unassign')
  if (can('operator')) {
    if (status !== 'suspended' && !revoked) actions.push('suspend')
    if (status === 'suspended') actions.push('reinstate')
  }
  if (can('admin')) {
    if (!revoked) actions.push('renew')
    actions.push('edit')
    if (!revoked) actions.push('revoke')
    actions.push('delete')
  }
  return actions
}
