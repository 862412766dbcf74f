import { Ban } from 'lucide-react'
import type { ReactNode } from 'react'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatDate, formatDateTime, formatRelative } from '@/lib/dates'
import { roleLabel } from '@/lib/roles'
import { cn } from '@/lib/utils'
import type { ApiKey } from '../lib/types'
import { ApiKeyStatusBadge } from './api-key-status-badge'

export interface ApiKeysTableProps {
  keys: ApiKey[]
  /** The signed-in admin's id, to mark the keys they created. */
  currentAdminId: string | undefined
  onRevoke: (key: ApiKey) => void
  stale?: boolean
}

function When({ value, relative = false, fallback }: { value: string | null | undefined; relative?: boolean; fallback: ReactNode }) {
  if (!value) return <>{fallback}</>
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {relative ? formatRelative(value) : formatDate(value)}
    </time>
  )
}

/**
 * The key's role, and the role it acts with when that is lower (its owner was demoted
 * since): "Admin · acts as Viewer (owner's current role)".
 */
function KeyRole({ apiKey }: { apiKey: ApiKey }) {
  const effective = apiKey.effective_role
  const lowered = effective && effective !== apiKey.role
  return (
    <div className="flex flex-col items-start gap-1">
      <Badge variant="secondary">{roleLabel(apiKey.role)}</Badge>
      {lowered ? (
        <span className="whitespace-nowrap text-xs text-muted-foreground" title="A key never acts with more than its owner’s current role.">
          acts as {roleLabel(effective)} (owner’s current role)
        </span>
      ) : null}
    </div>
  )
}

export function ApiKeysTable({ keys, currentAdminId, onRevoke, stale = false }: ApiKeysTableProps) {
  return (
    <Table aria-label="API keys" aria-busy={stale || undefined} className={cn(stale && 'opacity-60')}>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Key</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((key) => (
          <TableRow key={key.id} className={cn(key.status !== 'active' && 'text-muted-foreground')}>
            <TableCell className="max-w-64">
              <div className="flex min-w-0 flex-col">
                <span className="truncate font-medium text-foreground">{key.name}</span>
                {key.created_by && key.created_by === currentAdminId ? (
                  <span className="text-xs text-muted-foreground">Created by you</span>
                ) : null}
              </div>
            </TableCell>
            <TableCell>
              <KeyRole apiKey={key} />
            </TableCell>
            <TableCell>
              <code className="whitespace-nowrap font-mono text-xs" title="The first characters of the key">
                {key.prefix}…
              </code>
            </TableCell>
            <TableCell>
              <ApiKeyStatusBadge status={key.status} />
              {key.status === 'suspended' ? <p className="mt-1 text-xs text-muted-foreground">Owner deactivated</p> : null}
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <When value={key.created_at} fallback="—" />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <When value={key.last_used_at} relative fallback="Never" />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              {key.status === 'revoked' ? (
                <span>
                  Revoked <When value={key.revoked_at} fallback="" />
                </span>
              ) : (
                <When value={key.expires_at} fallback="Never" />
              )}
            </TableCell>
            <TableCell className="text-right">
              {key.status !== 'revoked' ? (
                <Button variant="ghost" size="sm" className="text-destructive" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name}`}>
                  <Ban aria-hidden="true" />
                  Revoke
                </Button>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
