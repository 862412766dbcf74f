import { KeyRound, RotateCw } from 'lucide-react'
import { useState } from 'react'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { CopyButton } from '@/components/ui/copy-button'
import { ErrorState } from '@/components/ui/error-state'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDate, formatDateTime } from '@/lib/dates'
import { errorMessage } from '@/lib/problem'
import { SERVER_PUBLIC_KEYS_PATH, useServerPublicKeys } from '../api/get-server-public-keys'
import { useRotateServerKey } from '../api/rotate-server-key'

/**
 * "Server signing key" (super admins, on the Products page): the server's own keys, which sign
 * the licensing answers that are not about a license of the product asked for (`NOT_FOUND`,
 * `PRODUCT_MISMATCH`), newest first, and "Rotate" behind a confirmation.
 */
export function ServerKeyCard() {
  const keys = useServerPublicKeys()
  const rotate = useRotateServerKey()
  const [confirming, setConfirming] = useState(false)
  const url = `${globalThis.location?.origin ?? ''}${SERVER_PUBLIC_KEYS_PATH}`
  const list = [...(keys.data?.keys ?? [])].reverse()

  const closeConfirm = () => {
    if (rotate.isPending) return
    rotate.reset()
    setConfirming(false)
  }

  return (
    <Card role="region" aria-labelledby="server-key-heading">
      <CardHeader className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-1.5">
          <CardTitle id="server-key-heading">Server signing key</CardTitle>
          <CardDescription>
            Signs the licensing answers about keys the server does not know or that belong to another product
            (<code className="text-xs">NOT_FOUND</code>, <code className="text-xs">PRODUCT_MISMATCH</code>). Pin these keys
            beside each product&apos;s keys.
          </CardDescription>
        </div>
        <Button variant="outline" onClick={() => setConfirming(true)} className="shrink-0">
          <RotateCw aria-hidden="true" />
          Rotate
        </Button>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <div className="flex flex-col gap-1">
          <span className="text-sm text-muted-foreground">Published at (no authentication)</span>
          <span className="flex items-center gap-1">
            <code className="min-w-0 break-all rounded bg-muted px-1.5 py-0.5 text-xs">{url}</code>
            <CopyButton value={url} label="server public keys URL" className="size-7" />
          </span>
        </div>
        {keys.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : keys.isError ? (
          <ErrorState error={keys.error} onRetry={() => void keys.refetch()} retrying={keys.isFetching} title="Could not load the server's public keys" />
        ) : list.length === 0 ? (
          <p className="text-sm text-muted-foreground">No server key is published yet.</p>
        ) : (
          <ul aria-label="Server public keys" className="flex flex-col divide-y divide-border rounded-md border border-border">
            {list.map((k) => (
              <li key={k.key_id} className="flex flex-col gap-1 px-3 py-2 text-sm sm:flex-row sm:items-center sm:gap-3">
                <span className="flex shrink-0 items-center gap-1">
                  {k.active ? (
                    <Badge variant="success">
                      <KeyRound aria-hidden="true" className="size-3" />
                      Active
                    </Badge>
                  ) : (
                    <Badge variant="muted">Retired</Badge>
                  )}
                  <span className="text-xs text-muted-foreground">{k.algorithm}</span>
                </span>
                <span className="flex min-w-0 flex-1 items-center gap-1">
                  <code className="min-w-0 truncate text-xs" title={k.public_key}>
                    {k.public_key}
                  </code>
                  <CopyButton value={k.public_key} label={`server public key ${k.key_id}`} className="size-7 shrink-0" />
                </span>
                <span className="shrink-0 text-xs text-muted-foreground">
                  Key ID <code>{k.key_id}</code> · created{' '}
                  <time dateTime={k.created_at} title={formatDateTime(k.created_at)}>
                    {formatDate(k.created_at)}
                  </time>
                  {k.retired_at ? (
                    <>
                      {' '}
                      · retired{' '}
                      <time dateTime={k.retired_at} title={formatDateTime(k.retired_at)}>
                        {formatDate(k.retired_at)}
                      </time>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onClose={closeConfirm}
        title="Rotate the server signing key?"
        message={
          <div className="flex flex-col gap-2">
            <p>
              A new Ed25519 key signs the server&apos;s <code className="text-xs">NOT_FOUND</code> and{' '}
              <code className="text-xs">PRODUCT_MISMATCH</code> answers from now on. Product keys are not affected.
            </p>
            <p>
              The current key is retired but <strong>stays published</strong> at{' '}
              <code className="text-xs">{SERVER_PUBLIC_KEYS_PATH}</code>, so answers signed before still verify. Ship the new
              public key to your software before, or right after, rotating.
            </p>
          </div>
        }
        confirmLabel="Rotate server key"
        pending={rotate.isPending}
        error={rotate.error ? errorMessage(rotate.error) : undefined}
        onConfirm={() =>
          rotate.mutate(undefined, {
            onSuccess: () => {
              rotate.reset()
              setConfirming(false)
            },
          })
        }
      />
    </Card>
  )
}
