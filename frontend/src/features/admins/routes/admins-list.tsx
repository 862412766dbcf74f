import { Search, SearchX, ShieldCheck, UserPlus } from 'lucide-react'
import { useId, useState } from 'react'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { Select } from '@/components/ui/select'
import { TableSkeleton } from '@/components/ui/skeleton'
import { useListParams } from '@/hooks/use-list-params'
import { useSession } from '@/hooks/use-session'
import { errorMessage } from '@/lib/problem'
import { roleLabel } from '@/lib/roles'
import { useDeleteAdmin } from '../api/delete-admin'
import { useAdmins } from '../api/list-admins'
import { AdminsTable } from '../components/admins-table'
import { CreateAdminDialog } from '../components/create-admin-dialog'
import { EditAdminDialog } from '../components/edit-admin-dialog'
import {
  ADMIN_FILTERS,
  ADMIN_ROLES,
  adminDisplayName,
  assignableRoles,
  DEFAULT_ADMIN_SORT,
  isAdminRole,
  isAdminStatus,
  toAdminQuery,
} from '../lib/admin-options'
import type { Admin } from '../lib/types'

/** `/admin/admins` (super admins): every staff account, with create, edit and delete. */
export function AdminsListPage() {
  const params = useListParams({ defaultSort: DEFAULT_ADMIN_SORT, filters: ADMIN_FILTERS })
  const query = toAdminQuery(params.query)
  const admins = useAdmins(query)
  const me = useSession()?.admin
  const roles = assignableRoles(me?.role)

  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<Admin | null>(null)
  const [deleting, setDeleting] = useState<Admin | null>(null)
  const remove = useDeleteAdmin()

  const searchId = useId()
  const roleId = useId()
  const statusId = useId()
  const data = admins.data

  let body
  if (admins.isPending) {
    body = <TableSkeleton rows={5} cols={6} label="Loading admins" />
  } else if (admins.isError && !data) {
    body = (
      <ErrorState
        title="Could not load admins"
        error={admins.error}
        onRetry={() => void admins.refetch()}
        retrying={admins.isFetching}
      />
    )
  } else if (data && data.data.length === 0) {
    body = params.isFiltered ? (
      <EmptyState
        icon={SearchX}
        title="No admins match these filters"
        action={
          <Button variant="outline" onClick={params.clear}>
            Clear filters
          </Button>
        }
      >
        The search looks for the text in names and emails.
      </EmptyState>
    ) : data.meta.total > 0 ? (
      <EmptyState
        icon={SearchX}
        title="No admins on this page"
        action={
          <Button variant="outline" onClick={() => params.setPage(1)}>
            Go to the first page
          </Button>
        }
      />
    ) : (
      <EmptyState icon={ShieldCheck} title="No admins">
        Create the first one with “New admin”.
      </EmptyState>
    )
  } else if (data) {
    body = (
      <div className="flex flex-col">
        {admins.isError ? (
          <ErrorState
            title="Could not refresh admins"
            error={admins.error}
            onRetry={() => void admins.refetch()}
            retrying={admins.isFetching}
            className="mb-4 py-4"
          />
        ) : null}
        <AdminsTable
          admins={data.data}
          currentAdminId={me?.id}
          sort={params.sort}
          onSort={params.setSort}
          onEdit={setEditing}
          onDelete={(admin) => {
            remove.reset()
            setDeleting(admin)
          }}
          stale={admins.isPlaceholderData && admins.isFetching}
        />
        <Pagination
          page={data.meta.page}
          perPage={data.meta.per_page}
          total={data.meta.total}
          totalCapped={data.meta.total_capped ?? false}
          onPageChange={params.setPage}
        />
      </div>
    )
  }

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-6">
      <PageHeader
        title="Admins"
        description="Staff accounts that sign in to this portal, and what each may do."
        actions={
          <Button onClick={() => setCreating(true)}>
            <UserPlus aria-hidden="true" />
            New admin
          </Button>
        }
      />

      <div role="search" className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex flex-1 flex-col gap-2">
          <Label htmlFor={searchId}>Search admins</Label>
          <div className="relative">
            <Search aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
            <Input
              id={searchId}
              type="search"
              value={params.search}
              onChange={(e) => params.setSearch(e.target.value)}
              placeholder="Name or email…"
              autoComplete="off"
              spellCheck={false}
              className="pl-9"
            />
          </div>
        </div>
        <div className="flex flex-col gap-2 sm:w-44">
          <Label htmlFor={roleId}>Role</Label>
          <Select id={roleId} value={isAdminRole(params.filters.role) ? params.filters.role : ''} onChange={(e) => params.setFilter('role', e.target.value)}>
            <option value="">Any role</option>
            {ADMIN_ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-2 sm:w-40">
          <Label htmlFor={statusId}>Status</Label>
          <Select
            id={statusId}
            value={isAdminStatus(params.filters.status) ? params.filters.status : ''}
            onChange={(e) => params.setFilter('status', e.target.value)}
          >
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </Select>
        </div>
      </div>

      {body}

      <CreateAdminDialog open={creating} onClose={() => setCreating(false)} roles={roles} />
      <EditAdminDialog admin={editing} onClose={() => setEditing(null)} roles={roles} isSelf={editing?.id === me?.id} />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting ? `Delete ${adminDisplayName(deleting)}?` : 'Delete admin?'}
        message={
          deleting ? (
            <>
              {deleting.email} can no longer sign in, and the API keys they created are revoked. The audit log keeps their past
              actions. This cannot be undone.
            </>
          ) : null
        }
        confirmText={deleting?.email}
        confirmLabel="Delete admin"
        destructive
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting, { onSuccess: () => setDeleting(null) })
        }}
      />
    </div>
  )
}
