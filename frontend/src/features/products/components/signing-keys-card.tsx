import { KeyRound, RotateCw } from 'lucide-react'
import { useState } from 'react'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { CopyButton } from '@/components/ui/copy-button'
import { ErrorState } from '@/components/ui/error-state'
import { Skeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { useCan } from '@/hooks/use-can'
import { formatDate, formatDateTime } from '@/lib/dates'
import { errorMessage } from '@/lib/problem'
import { publicKeysPath, usePublicKeys } from '../api/get-public-keys'
import { useRotateProductKey } from '../api/rotate-product-key'
import type { Product, PublicKey } from '../api/types'

/**
 * The Ed25519 keys that sign licensing answers for this product, as published at the
 * public endpoint (newest first here), and "Rotate signing key" for super admins.
 */
export function SigningKeysCard({ product }: { product: Product }) {
  const published = usePublicKeys(product.id)
  const canRotate = useCan('super_admin')
  const [confirming, setConfirming] = useState(false)
  const rotate = useRotateProductKey()
  // The public endpoint is what the software sees; the product's own list is the fallback.
  const keys: PublicKey[] = [...(published.data?.keys ?? product.public_keys)].reverse()
  const url = `${globalThis.location?.origin ?? ''}${publicKeysPath(product.id)}`

  const closeConfirm = () => {
    if (rotate.isPending) return
    rotate.reset()
    setConfirming(false)
  }

  return (
    <Card>
      <CardHeader className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-1.5">
          <CardTitle>Signing keys</CardTitle>
          <CardDescription>
            Licensing answers for this product are signed with the active key. Retired keys stay published so answers signed
            before a rotation still verify.
          </CardDescription>
        </div>
        {canRotate ? (
          <Button variant="outline" onClick={() => setConfirming(true)} className="shrink-0">
            <RotateCw aria-hidden="true" />
            Rotate signing key
          </Button>
        ) : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <span className="text-sm text-muted-foreground">Published at (no authentication; pin these keys in your software)</span>
          <span className="flex items-center gap-1">
            <code className="min-w-0 break-all rounded bg-muted px-1.5 py-0.5 text-xs">{url}</code>
            <CopyButton value={url} label="public keys URL" className="size-7" />
          </span>
        </div>
        {published.isPending && product.public_keys.length === 0 ? (
          <Skeleton className="h-24 w-full" />
        ) : published.isError && product.public_keys.length === 0 ? (
          <ErrorState error={published.error} onRetry={() => void published.refetch()} title="Could not load the public keys" />
        ) : keys.length === 0 ? (
          <p className="text-sm text-muted-foreground">No keys are published for this product.</p>
        ) : (
          <Table aria-label="Signing keys">
            <TableHeader>
              <TableRow>
                <TableHead>Key ID</TableHead>
                <TableHead>State</TableHead>
                <TableHead>Public key (base64)</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Retired</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.map((k) => (
                <TableRow key={k.key_id}>
                  <TableCell>
                    <span className="inline-flex items-center gap-1">
                      <code className="text-xs break-all">{k.key_id}</code>
                      <CopyButton value={k.key_id} label={`key id ${k.key_id}`} className="size-7" />
                    </span>
                  </TableCell>
                  <TableCell>
                    {k.active ? (
                      <Badge variant="success">
                        <KeyRound aria-hidden="true" className="size-3" />
                        Active
                      </Badge>
                    ) : (
                      <Badge variant="muted">Retired</Badge>
                    )}
                    <span className="ml-1 text-xs text-muted-foreground">{k.algorithm}</span>
                  </TableCell>
                  <TableCell>
                    <span className="inline-flex items-center gap-1">
                      <code className="max-w-64 truncate text-xs" title={k.public_key}>
                        {k.public_key}
                      </code>
                      <CopyButton value={k.public_key} label={`public key ${k.key_id}`} className="size-7" />
                    </span>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    <time dateTime={k.created_at} title={formatDateTime(k.created_at)}>
                      {formatDate(k.created_at)}
                    </time>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {k.retired_at ? (
                      <time dateTime={k.retired_at} title={formatDateTime(k.retired_at)}>
                        {formatDate(k.retired_at)}
                      </time>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onClose={closeConfirm}
        title={`Rotate the signing key of ${product.name}?`}
        message={
          <div className="flex flex-col gap-2">
            <p>A new Ed25519 key signs every licensing answer for this product from now on.</p>
            <p>
              The current key is retired but <strong>stays published</strong> under its key ID, so answers your software cached
              before still verify. Ship the new public key with your next release.
            </p>
          </div>
        }
        confirmLabel="Rotate key"
        pending={rotate.isPending}
        error={rotate.error ? errorMessage(rotate.error) : undefined}
        onConfirm={() =>
          rotate.mutate(product.id, {
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
