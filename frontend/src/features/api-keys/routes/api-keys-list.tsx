import { KeyRound, Plus, SearchX } from 'lucide-react'
import { useId, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { TableSkeleton } from '@/components/ui/skeleton'
import { useListParams } from '@/hooks/use-list-params'
import { useSession } from '@/hooks/use-session'
import type { AdminRole } from '@/lib/api/types'
import { errorMessage } from '@/lib/problem'
import { hasRole } from '@/lib/roles'
import { useApiKeys } from '../api/list-api-keys'
import { useRevokeApiKey } from '../api/revoke-api-key'
import { ApiKeysTable } from '../components/api-keys-table'
import { CreateApiKeyDialog } from '../components/create-api-key-dialog'
import type { ApiKey, ApiKeyListQuery } from '../lib/types'

const ROLES: AdminRole[] = ['viewer', 'operator', 'admin', 'super_admin']

/** `/admin/api-keys` (admins and up): keys for scripts and integrations; create (secret shown once) and revoke. */
export function ApiKeysListPage() {
  const params = useListParams({ filters: ['include_revoked'] })
  const includeRevoked = params.filters.include_revoked === 'true'
  const query: ApiKeyListQuery = { page: params.page, per_page: params.perPage }
  if (includeRevoked) query.include_revoked = true
  const keys = useApiKeys(query)
  const me = useSession()?.admin
  const roles = ROLES.filter((role) => hasRole(me?.role, role))

  const [creating, setCreating] = useState(false)
  const [revoking, setRevoking] = useState<ApiKey | null>(null)
  const revoke = useRevokeApiKey()
  const revokedId = useId()
  const data = keys.data

  let body
  if (keys.isPending) {
    body = <TableSkeleton rows={4} cols={7} label="Loading API keys" />
  } else if (keys.isError && !data) {
    body = (
      <ErrorState title="Could not load API keys" error={keys.error} onRetry={() => void keys.refetch()} retrying={keys.isFetching} />
    )
  } else if (data && data.data.length === 0) {
    body =
      data.meta.total > 0 ? (
        <EmptyState
          icon={SearchX}
          title="No API keys on this page"
          action={
            <Button variant="outline" onClick={() => params.setPage(1)}>
              Go to the first page
            </Button>
          }
        />
      ) : (
        <EmptyState
          icon={KeyRound}
          title={includeRevoked ? 'No API keys yet' : 'No active API keys'}
          action={
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              Create API key
            </Button>
          }
        >
          API keys let scripts and integrations (a CRM, a CI pipeline, a store) call the admin API with a role you choose.
        </EmptyState>
      )
  } else if (data) {
    body = (
      <div className="flex flex-col">
        {keys.isError ? (
          <ErrorState
            title="Could not refresh API keys"
            error={keys.error}
            onRetry={() => void keys.refetch()}
            retrying={keys.isFetching}
            className="mb-4 py-4"
          />
        ) : null}
        <ApiKeysTable
          keys={data.data}
          currentAdminId={me?.id}
          onRevoke={(key) => {
            revoke.reset()
            setRevoking(key)
          }}
          stale={keys.isPlaceholderData && keys.isFetching}
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
        title="API keys"
        description={
          <>
            Keys for scripts and integrations, sent as <code className="font-mono text-sm">Authorization: Bearer lk_…</code>. A key
            acts with its role, never more than its owner’s current role; it is suspended while its owner is deactivated and
            stops working when it expires or is revoked.
          </>
        }
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            Create API key
          </Button>
        }
      />
      <div className="flex items-center gap-2">
        <Checkbox
          id={revokedId}
          checked={includeRevoked}
          onChange={(e) => params.setFilter('include_revoked', e.target.checked ? 'true' : null)}
        />
        <label htmlFor={revokedId} className="text-sm">
          Show revoked keys
        </label>
      </div>
      {body}
      <CreateApiKeyDialog open={creating} onClose={() => setCreating(false)} roles={roles} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={revoking ? `Revoke “${revoking.name}”?` : 'Revoke API key?'}
        message={
          <>
            Anything using this key (<code className="font-mono">{revoking?.prefix}…</code>) gets “401 Unauthorized” from its
            next request. This cannot be undone; create a new key to restore access.
          </>
        }
        confirmLabel="Revoke key"
        destructive
        pending={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error) : null}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking, { onSuccess: () => setRevoking(null) })
        }}
      />
    </div>
  )
}
