import { Ellipsis, Eye } from 'lucide-react'
import { DropdownMenu, type DropdownMenuItem } from '@/components/ui/dropdown-menu'
import { maskKey } from '@/lib/mask'
import type { License } from '../api/types'
import { ACTION_LABELS, DESTRUCTIVE_ACTIONS, type LicenseActionKind } from '../lib/actions'
import { ACTION_ICONS } from './action-icons'

export interface LicenseActionsMenuProps {
  license: License
  actions: LicenseActionKind[]
  onView: () => void
  onAction: (kind: LicenseActionKind) => void
}

/** The ⋯ menu at the end of a row: "View details" plus what this admin may do to this license. */
export function LicenseActionsMenu({ license, actions, onView, onAction }: LicenseActionsMenuProps) {
  const items: DropdownMenuItem[] = [
    { label: 'View details', icon: Eye, onSelect: onView },
    ...actions.map((kind) => ({
      label: ACTION_LABELS[kind],
      icon: ACTION_ICONS[kind],
      destructive: DESTRUCTIVE_ACTIONS.has(kind),
      onSelect: () => onAction(kind),
    })),
  ]
  return (
    <DropdownMenu items={items} aria-label={`Actions for license ${maskKey(license.key)}`} size="icon" className="size-8">
      <Ellipsis aria-hidden="true" />
    </DropdownMenu>
  )
}
