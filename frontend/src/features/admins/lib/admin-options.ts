import { hasRole, roleLabel } from '@/lib/roles'
import type { Admin, AdminListQuery, AdminRole, AdminStatus, UpdateAdminRequest } from './types'

/** Every role, lowest first (DESIGN.md §3). */
export const ADMIN_ROLES = ['viewer', 'operator', 'admin', 'super_admin'] as const satisfies readonly AdminRole[]
export const ADMIN_STATUSES = ['active', 'inactive'] as const satisfies readonly AdminStatus[]

/** What each role may do, for the role pickers. */
export const ROLE_DESCRIPTIONS: Record<AdminRole, string> = {
  viewer: 'Reads everything; changes nothing.',
  operator: 'Viewer, plus assigns, transfers, suspends and reinstates licenses and deactivates devices.',
  admin: 'Operator, plus products, licenses, customers and API keys.',
  super_admin: 'Admin, plus manages admins and rotates signing keys.',
}

/** Columns the API sorts admins by. */
export const ADMIN_SORTS = ['email', 'name', 'role', 'created_at', 'last_login_at'] as const
export const DEFAULT_ADMIN_SORT = 'email'
export const ADMIN_FILTERS = ['role', 'status'] as const

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value)
}

export function isAdminStatus(value: unknown): value is AdminStatus {
  return typeof value === 'string' && (ADMIN_STATUSES as readonly string[]).includes(value)
}

/** The URL state → `GET /admin/admins` query; unknown roles, statuses and sorts are dropped. */
export function toAdminQuery(url: {
  search?: string
  sort?: string
  page: number
  per_page: number
  role?: string
  status?: string
}): AdminListQuery {
  const query: AdminListQuery = { page: url.page, per_page: url.per_page }
  if (url.search) query.search = url.search
  const column = url.sort?.replace(/^-/, '')
  if (url.sort && (ADMIN_SORTS as readonly string[]).includes(column ?? '')) query.sort = url.sort
  if (isAdminRole(url.role)) query.role = url.role
  if (isAdminStatus(url.status)) query.status = url.status
  return query
}

/** The roles a signed-in admin may hand out (never above their own). */
export function assignableRoles(myRole: string | null | undefined): AdminRole[] {
  return ADMIN_ROLES.filter((role) => hasRole(myRole, role))
}

export interface AdminFormValues {
  name: string
  role: AdminRole
  status: AdminStatus
}

/**
 * Only what changed, as `PATCH /admin/admins/{id}` wants it (an emptied name is `null`,
 * which clears it). Empty when nothing changed.
 */
export function adminChanges(before: Pick<Admin, 'name' | 'role' | 'status'>, after: AdminFormValues): UpdateAdminRequest {
  const changes: UpdateAdminRequest = {}
  const name = after.name.trim()
  if (name !== (before.name ?? '').trim()) changes.name = name === '' ? null : name
  if (after.role !== before.role) changes.role = after.role
  if (after.status !== before.status) changes.status = after.status
  return changes
}

/** A warning for changes to your own account that lock you out, or null. */
export function selfChangeWarning(before: Pick<Admin, 'role' | 'status'>, after: Pick<AdminFormValues, 'role' | 'status'>): string | null {
  if (after.status === 'inactive' && before.status !== 'inactive') {
    return 'Deactivating your own account signs you out at once, and only another super admin can reactivate it.'
  }
  if (after.role !== before.role && after.role !== 'super_admin') {
    return `As ${roleLabel(after.role)} you will no longer be able to manage admins; only another super admin can give the role back.`
  }
  return null
}

/** "Ada Lovelace" or, without a name, the email. */
export function adminDisplayName(admin: Pick<Admin, 'name' | 'email'>): string {
  return admin.name?.trim() || admin.email
}
