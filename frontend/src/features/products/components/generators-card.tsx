import { useGenerators } from '@/api/products/list-generators'
import { Eye, MoreHorizontal, Pencil, Plus, Trash2, Wand2 } from 'lucide-react'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { DropdownMenu } from '@/components/ui/dropdown-menu'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { Pagination } from '@/components/ui/pagination'
import { TableSkeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { useCan } from '@/hooks/use-can'
import { formatDateTime } from '@/lib/dates'
import { errorMessage } from '@/lib/problem'
import { useDeleteGenerator } from '../api/delete-generator'
import type { Generator, Product } from '../api/types'
import { formatSummary } from '../lib/generator-form'
import { maxActivationsLabel, validityLabel } from '../lib/product-form'
import { GeneratorFormDialog } from './generator-form-dialog'
import { GeneratorPreviewDialog } from './generator-preview-dialog'

const GENERATORS_PER_PAGE = 50

/** The product's key generators: list, preview (everyone), create/edit/delete (admins). */
export function GeneratorsCard({ product }: { product: Product }) {
  const [page, setPage] = useState(1)
  const list = useGenerators(product.id, { page, per_page: GENERATORS_PER_PAGE })
  const canEdit = useCan('admin')
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<Generator | null>(null)
  const [deleting, setDeleting] = useState<Generator | null>(null)
  const [previewing, setPreviewing] = useState<Generator | null>(null)
  const remove = useDeleteGenerator()
  const rows = list.data?.data ?? []

  const closeDelete = () => {
    if (remove.isPending) return
    remove.reset()
    setDeleting(null)
  }

  return (
    <Card>
      <CardHeader className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-1.5">
          <CardTitle>Generators</CardTitle>
          <CardDescription>
            Key formats for new licenses of this product. Keys come from a secure random source and are never reused.
          </CardDescription>
        </div>
        {canEdit ? (
          <Button onClick={() => setCreating(true)} className="shrink-0">
            <Plus aria-hidden="true" />
            New generator
          </Button>
        ) : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-2">
        {list.isPending ? (
          <TableSkeleton rows={2} cols={5} label="Loading generators" />
        ) : list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} title="Could not load generators" />
        ) : rows.length === 0 ? (
          <EmptyState
            icon={Wand2}
            title="No generators yet"
            action={
              canEdit ? (
                <Button variant="outline" onClick={() => setCreating(true)}>
                  <Plus aria-hidden="true" />
                  New generator
                </Button>
              ) : null
            }
          >
            Without one, single licenses get keys in the server's default format and batches cannot be created. Add a generator
            to choose the prefix, grouping and characters.
          </EmptyState>
        ) : (
          <>
            <Table aria-label="Generators">
              <TableHeader>
                <TableRow>
                  <TableHead>Name and example</TableHead>
                  <TableHead>Format</TableHead>
                  <TableHead>Strength</TableHead>
                  <TableHead>License overrides</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((g) => (
                  <TableRow key={g.id} data-generator-id={g.id}>
                    <TableCell>
                      <div className="flex flex-col gap-0.5">
                        <span className="font-medium">{g.name}</span>
                        <code className="whitespace-nowrap text-xs text-muted-foreground" title={`Example key (not reserved). Created ${formatDateTime(g.created_at)}`}>
                          {g.example}
                        </code>
                      </div>
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-col gap-0.5 text-sm">
                        <span className="whitespace-nowrap">{formatSummary(g)}</span>
                        <FormatDetails generator={g} />
                      </div>
                    </TableCell>
                    <TableCell className="whitespace-nowrap">{Math.round(g.entropy_bits)} bits</TableCell>
                    <TableCell className="text-sm">
                      {g.max_activations === null && g.validity_days === null ? (
                        <span className="text-muted-foreground">Product defaults</span>
                      ) : (
                        <div className="flex flex-col">
                          {g.max_activations !== null ? <span>{maxActivationsLabel(g.max_activations)}</span> : null}
                          {g.validity_days !== null ? <span>{validityLabel(g.validity_days)}</span> : null}
                        </div>
                      )}
                    </TableCell>
                    <TableCell>
                      <div className="flex items-center justify-end gap-1">
                        <Button variant="outline" size="sm" aria-label={`Preview keys of ${g.name}`} onClick={() => setPreviewing(g)}>
                          <Eye aria-hidden="true" />
                          Preview
                        </Button>
                        {canEdit ? (
                          <DropdownMenu
                            aria-label={`Actions for generator ${g.name}`}
                            size="icon"
                            className="size-8"
                            items={[
                              { label: 'Edit', icon: Pencil, onSelect: () => setEditing(g) },
                              { label: 'Delete', icon: Trash2, destructive: true, onSelect: () => setDeleting(g) },
                            ]}
                          >
                            <MoreHorizontal aria-hidden="true" />
                          </DropdownMenu>
                        ) : null}
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {list.data.meta.total > GENERATORS_PER_PAGE ? (
              <Pagination page={page} perPage={GENERATORS_PER_PAGE} total={list.data.meta.total} onPageChange={setPage} />
            ) : null}
          </>
        )}
      </CardContent>

      <GeneratorFormDialog open={creating} onClose={() => setCreating(false)} product={product} />
      <GeneratorFormDialog open={editing !== null} onClose={() => setEditing(null)} product={product} generator={editing} />
      <GeneratorPreviewDialog generator={previewing} onClose={() => setPreviewing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onClose={closeDelete}
        title={deleting ? `Delete generator ${deleting.name}?` : 'Delete generator'}
        message="Licenses it already made keep their keys. New licenses can no longer use this format."
        confirmLabel="Delete generator"
        destructive
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : undefined}
        onConfirm={() => {
          if (!deleting) return
          remove.mutate(deleting, {
            onSuccess: () => {
              remove.reset()
              setDeleting(null)
            },
          })
        }}
      />
    </Card>
  )
}

/** "prefix PRO- · separator -" under the format summary. */
function FormatDetails({ generator: g }: { generator: Generator }) {
  const parts: Array<{ label: string; value: string | null }> = []
  if (g.prefix) parts.push({ label: 'prefix', value: g.prefix })
  if (g.format === 'chunks') parts.push(g.separator ? { label: 'separator', value: g.separator } : { label: 'no separator', value: null })
  if (g.suffix) parts.push({ label: 'suffix', value: g.suffix })
  if (parts.length === 0) return null
  return (
    <span className="text-xs text-muted-foreground">
      {parts.map((part, i) => (
        <span key={part.label}>
          {i > 0 ? ' · ' : null}
          {part.label}
          {part.value !== null ? (
            <>
              {' '}
              <code>{part.value}</code>
            </>
          ) : null}
        </span>
      ))}
    </span>
  )
}
