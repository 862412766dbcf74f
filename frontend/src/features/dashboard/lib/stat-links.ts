import type { LicenseStatus } from '@/lib/api/types'
import { addDays, startOfDay, toDateInput } from '@/lib/dates'

/** Where each dashboard number leads: the list filtered to exactly what was counted (as near as its filters allow). */
export const statLinks = {
  customers: '/admin/customers',
  licenses: '/admin/licenses',
  licenseStatus: (status: LicenseStatus) => `/admin/licenses?status=${encodeURIComponent(status)}`,
  activeActivations: '/admin/activations?status=active',
  /**
   * Licenses expiring from today through `days` days from now, soonest first. The license
   * list filters on calendar days in the browser's time zone (`expires_from`/`expires_to`,
   * both inclusive; see the licenses feature).
   */
  expiringSoon: (days: number, now: Date = new Date()) => {
    const to = addDays(startOfDay(now), days)
    const params = new URLSearchParams({ expires_from: toDateInput(now), expires_to: toDateInput(to), sort: 'expires_at' })
    return `/admin/licenses?${params.toString()}`
  },
}
