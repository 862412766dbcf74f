import {
  Activity,
  ExternalLink,
  KeyRound,
  LayoutDashboard,
  Mail,
  MailCheck,
  Package,
  ScrollText,
  ShieldCheck,
  Ticket,
  UserCircle,
  Users,
  type LucideIcon,
} from 'lucide-react'
import type { AdminRole } from '@/lib/api/types'
import { hasRole } from '@/lib/roles'

export interface NavItem {
  label: string
  icon: LucideIcon
  to: string
  /** Leaves the SPA (served by the backend) and opens in a new tab. */
  external?: boolean
  /** Match the path exactly (for the index route). */
  end?: boolean
  /** Hidden below this role (the server refuses those pages anyway). */
  minRole?: AdminRole
}

/** The admin sidebar, in order (the command palette can list the same pages). Add a page here and in src/app/routes.tsx. */
export const adminNav: readonly NavItem[] = [
  { label: 'Dashboard', icon: LayoutDashboard, to: '/admin', end: true },
  { label: 'Customers', icon: Users, to: '/admin/customers' },
  { label: 'Licenses', icon: Ticket, to: '/admin/licenses' },
  { label: 'Activations', icon: Activity, to: '/admin/activations' },
  { label: 'Products', icon: Package, to: '/admin/products' },
  { label: 'Audit log', icon: ScrollText, to: '/admin/audit', minRole: 'admin' },
  { label: 'API keys', icon: KeyRound, to: '/admin/api-keys', minRole: 'admin' },
  { label: 'Emails', icon: Mail, to: '/admin/emails', minRole: 'admin' },
  { label: 'Admins', icon: ShieldCheck, to: '/admin/admins', minRole: 'super_admin' },
  { label: 'Email settings', icon: MailCheck, to: '/admin/settings/email', minRole: 'super_admin' },
  { label: 'Profile', icon: UserCircle, to: '/admin/profile' },
  { label: 'API docs', icon: ExternalLink, to: '/api/docs', external: true },
]

/** The nav items `role` may use (unknown role: only those without `minRole`). */
export function navItemsFor(role: AdminRole | null | undefined): NavItem[] {
  return adminNav.filter((item) => !item.minRole || hasRole(role, item.minRole))
}
