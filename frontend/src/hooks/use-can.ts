import type { AdminRole } from '@/lib/api/types'
import { hasRole } from '@/lib/roles'
import { useSession } from './use-session'

/**
 * Whether the signed-in admin has at least `min` (viewer < operator < admin < super_admin),
 * e.g. `useCan('operator')` to show "Suspend". The role comes from the session (in memory),
 * which `GET /admin/me` keeps current. The server enforces the same rule; this only hides
 * what would be refused.
 */
export function useCan(min: AdminRole): boolean {
  return hasRole(useSession()?.admin.role, min)
}
