import {
  ArrowRightLeft,
  CalendarClock,
  Pause,
  Pencil,
  Play,
  ShieldX,
  Trash2,
  UserMinus,
  UserPlus,
  type LucideIcon,
} from 'lucide-react'
import type { LicenseActionKind } from '../lib/actions'

/** An icon per action, for menus and buttons. */
export const ACTION_ICONS: Record<LicenseActionKind, LucideIcon> = {
  assign: UserPlus,
  transfer: ArrowRightLeft,
  unassign: UserMinus,
  suspend: Pause,
  reinstate: Play,
  renew: CalendarClock,
  edit: Pencil,
  revoke: ShieldX,
  delete: Trash2,
}

