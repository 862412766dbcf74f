import { MoreHorizontal, Pencil, Trash2 } from 'lucide-react'
import { YesNo } from '@/components/domain/yes-no'
import { Badge } from '@/components/ui/badge'
import { DropdownMenu } from '@/components/ui/dropdown-menu'
import { SortableHeader } from '@/components/ui/sortable-header'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatDate, formatDateTime, formatRelative } from '@/lib/dates'
import { cn } from '@/lib/utils'
import type { Admin } from '../lib/types'
import { AdminRoleBadge, AdminStatusBadge } from './admin-badges'

export interface AdminsTableProps {
  admins: Admin[]
  /** The signed-in admin's id: that row says "You" and cannot be deleted. */
  currentAdminId: string | undefined
  sort: string | null
  onSort: (sort: string) => void
  onEdit: (admin: Admin) => void
  onDelete: (admin: Admin) => void
  /** The previous page shows while the next loads. */
  stale?: boolean
}

export function AdminsTable({ admins, currentAdminId, sort, onSort, onEdit, onDelete, stale = false }: AdminsTableProps) {
  return (
    <Table aria-label="Admins" aria-busy={stale || undefined} className={cn(stale && 'opacity-60')}>
      <TableHeader>
        <TableRow>
          <SortableHeader column="email" sort={sort} onSort={onSort}>
            Admin
          </SortableHeader>
          <SortableHeader column="role" sort={sort} onSort={onSort}>
            Role
          </SortableHeader>
          <TableHead>Status</TableHead>
          <TableHead>2FA</TableHead>
          <SortableHeader column="last_login_at" sort={sort} onSort={onSort}>
            Last sign-in
          </SortableHeader>
          <SortableHeader column="created_at" sort={sort} onSort={onSort}>
            Added
          </SortableHeader>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {admins.map((admin) => {
          const isSelf = admin.id === currentAdminId
          return (
            <TableRow key={admin.id}>
              <TableCell className="max-w-72">
                <div className="flex min-w-0 flex-col">
                  <span className="flex items-center gap-2 truncate font-medium">
                    <span className="truncate">{admin.name || admin.email}</span>
                    {isSelf ? <Badge variant="outline">You</Badge> : null}
                  </span>
                  {admin.name ? <span className="truncate text-muted-foreground">{admin.email}</span> : null}
                </div>
              </TableCell>
              <TableCell>
                <AdminRoleBadge role={admin.role} />
              </TableCell>
              <TableCell>
                <AdminStatusBadge status={admin.status} />
              </TableCell>
              <TableCell>
                <YesNo value={admin.two_factor_enabled} yes="On" no="Off" />
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                {admin.last_login_at ? (
                  <time dateTime={admin.last_login_at} title={formatDateTime(admin.last_login_at)}>
                    {formatRelative(admin.last_login_at)}
                  </time>
                ) : (
                  'Never'
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                <time dateTime={admin.created_at} title={formatDateTime(admin.created_at)}>
                  {formatDate(admin.created_at)}
                </time>
              </TableCell>
              <TableCell className="w-12 text-right">
                <DropdownMenu
                  aria-label={`Actions for ${admin.email}`}
                  size="icon"
                  className="size-8"
                  items={[
                    { label: 'Edit', icon: Pencil, onSelect: () => onEdit(admin) },
                    {
                      label: isSelf ? 'Delete (not yourself)' : 'Delete',
                      icon: Trash2,
                      destructive: true,
                      disabled: isSelf,
                      onSelect: () => onDelete(admin),
                    },
                  ]}
                >
                  <MoreHorizontal aria-hidden="true" />
                </DropdownMenu>
              </TableCell>
            </TableRow>
          )
        })}
      </TableBody>
    </Table>
  )
}
