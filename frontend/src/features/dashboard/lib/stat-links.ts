import type { LicenseStatus } from '@/lib/api/types'

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
    const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days)
    const params = new URLSearchParams({ expires_from: dateInput(now), expires_to: dateInput(to), sort: 'expires_at' })
    return `/admin/licenses?${params.toString()}`
  },
}

/** A Date as YYYY-MM-DD in the browser's time zone. */
export function dateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}
