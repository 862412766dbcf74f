import { useProducts } from '@/api/products/list-products'
import { MoreHorizontal, Package, Pencil, Plus, Search, SearchX, Trash2 } from 'lucide-react'
import { useId, useMemo, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { Button } from '@/components/ui/button'
import { DropdownMenu } from '@/components/ui/dropdown-menu'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { Select } from '@/components/ui/select'
import { TableSkeleton } from '@/components/ui/skeleton'
import { SortableHeader } from '@/components/ui/sortable-header'
import { Spinner } from '@/components/ui/spinner'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { useCan } from '@/hooks/use-can'
import { useListParams } from '@/hooks/use-list-params'
import { formatDate, formatDateTime } from '@/lib/dates'
import { formatNumber } from '@/lib/format'
import type { Product, ProductListQuery } from '../api/types'
import { DeleteProductDialog } from '../components/delete-product-dialog'
import { ProductFormDialog } from '../components/product-form-dialog'
import { ProductStatusBadge } from '../components/product-status-badge'
import { ServerKeyCard } from '../components/server-key-card'
import { maxActivationsLabel, validityLabel } from '../lib/product-form'

const SORTS = ['name', 'slug', 'created_at']

/** `/admin/products`: every product with its license defaults; admins create, edit and delete. */
export function ProductsListPage() {
  const params = useListParams({ defaultSort: 'name', filters: ['status'] })
  const navigate = useNavigate()
  const canEdit = useCan('admin')
  const isSuperAdmin = useCan('super_admin')
  const searchId = useId()
  const statusId = useId()
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<Product | null>(null)
  const [deleting, setDeleting] = useState<Product | null>(null)

  const { query: listQuery } = params
  const query = useMemo<ProductListQuery>(() => {
    const q: ProductListQuery = { page: listQuery.page, per_page: listQuery.per_page }
    if (listQuery.search) q.search = listQuery.search
    const column = listQuery.sort?.replace(/^-/, '')
    if (listQuery.sort && column && SORTS.includes(column) && listQuery.sort !== 'name') q.sort = listQuery.sort
    if (listQuery.status === 'active' || listQuery.status === 'inactive') q.status = listQuery.status
    return q
  }, [listQuery])
  const list = useProducts(query)
  const rows = list.data?.data ?? []

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-6">
      <PageHeader
        title="Products"
        description="What you sell: each product has its own signing key, license defaults and key generators."
        actions={
          canEdit ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              New product
            </Button>
          ) : null
        }
      />
      <div role="group" aria-label="Filters" className="flex flex-wrap items-end gap-3">
        <div className="flex w-full max-w-xs flex-col gap-1.5">
          <Label htmlFor={searchId}>Search</Label>
          <div className="relative">
            <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
            <Input
              id={searchId}
              type="search"
              value={params.search}
              onChange={(e) => params.setSearch(e.target.value)}
              placeholder="Name or slug"
              className="pl-8"
            />
          </div>
        </div>
        <div className="flex w-40 flex-col gap-1.5">
          <Label htmlFor={statusId}>Status</Label>
          <Select id={statusId} value={params.filters.status ?? ''} onChange={(e) => params.setFilter('status', e.target.value || null)}>
            <option value="">All statuses</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </Select>
        </div>
        {params.isFiltered ? (
          <Button variant="ghost" size="sm" className="mb-0.5" onClick={() => params.setParams({ search: null, status: null })}>
            Clear filters
          </Button>
        ) : null}
      </div>

      <section aria-label="Product list" className="flex flex-col gap-2">
        {list.isPending ? (
          <TableSkeleton rows={5} cols={7} label="Loading products" />
        ) : list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} title="Could not load products" />
        ) : rows.length === 0 ? (
          params.isFiltered ? (
            <EmptyState
              icon={SearchX}
              title="No products match"
              action={
                <Button variant="outline" onClick={() => params.setParams({ search: null, status: null })}>
                  Clear filters
                </Button>
              }
            >
              Nothing matches “{params.query.search ?? ''}”{params.filters.status ? ` among ${params.filters.status} products` : ''}.
            </EmptyState>
          ) : (
            <EmptyState
              icon={Package}
              title="No products yet"
              action={
                canEdit ? (
                  <Button onClick={() => setCreating(true)}>
                    <Plus aria-hidden="true" />
                    New product
                  </Button>
                ) : null
              }
            >
              Create a product to issue licenses for it. Each product signs its licensing answers with its own key.
            </EmptyState>
          )
        ) : (
          <>
            <div className="flex min-h-5 items-center justify-between gap-2 text-sm text-muted-foreground">
              <span aria-live="polite">
                {formatNumber(list.data.meta.total)} {list.data.meta.total === 1 ? 'product' : 'products'}
              </span>
              {list.isFetching ? <Spinner label="Updating" /> : null}
            </div>
            <Table aria-label="Products">
              <TableHeader>
                <TableRow>
                  <SortableHeader column="name" sort={params.sort} onSort={params.setSort}>
                    Name
                  </SortableHeader>
                  <SortableHeader column="slug" sort={params.sort} onSort={params.setSort}>
                    Slug
                  </SortableHeader>
                  <TableHead>Status</TableHead>
                  <TableHead>Max activations</TableHead>
                  <TableHead>Validity</TableHead>
                  <TableHead className="text-right">Licenses</TableHead>
                  <SortableHeader column="created_at" sort={params.sort} onSort={params.setSort}>
                    Created
                  </SortableHeader>
                  {canEdit ? (
                    <TableHead>
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  ) : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((p) => (
                  <TableRow key={p.id} onActivate={() => navigate(`/admin/products/${p.id}`)} aria-label={`View product ${p.name}`}>
                    <TableCell className="max-w-72">
                      <Link to={`/admin/products/${p.id}`} className="font-medium hover:underline">
                        {p.name}
                      </Link>
                      {p.description ? <p className="truncate text-xs text-muted-foreground">{p.description}</p> : null}
                    </TableCell>
                    <TableCell>
                      <code className="whitespace-nowrap text-xs">{p.slug}</code>
                    </TableCell>
                    <TableCell>
                      <ProductStatusBadge status={p.status} />
                    </TableCell>
                    <TableCell className="whitespace-nowrap">{maxActivationsLabel(p.max_activations)}</TableCell>
                    <TableCell className="whitespace-nowrap">{validityLabel(p.validity_days)}</TableCell>
                    <TableCell className="text-right">
                      <Link
                        to={`/admin/licenses?${new URLSearchParams({ product_id: p.id })}`}
                        className="tabular-nums text-primary underline-offset-4 hover:underline"
                        aria-label={`${formatNumber(p.license_count)} licenses of ${p.name}`}
                      >
                        {formatNumber(p.license_count)}
                      </Link>
                    </TableCell>
                    <TableCell className="whitespace-nowrap">
                      <time dateTime={p.created_at} title={formatDateTime(p.created_at)}>
                        {formatDate(p.created_at)}
                      </time>
                    </TableCell>
                    {canEdit ? (
                      <TableCell className="text-right">
                        <DropdownMenu
                          aria-label={`Actions for ${p.name}`}
                          size="icon"
                          className="size-8"
                          items={[
                            { label: 'Edit', icon: Pencil, onSelect: () => setEditing(p) },
                            { label: 'Delete', icon: Trash2, destructive: true, onSelect: () => setDeleting(p) },
                          ]}
                        >
                          <MoreHorizontal aria-hidden="true" />
                        </DropdownMenu>
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pagination
              page={params.page}
              perPage={params.perPage}
              total={list.data.meta.total}
              totalCapped={list.data.meta.total_capped}
              onPageChange={params.setPage}
            />
          </>
        )}
      </section>

      {isSuperAdmin ? <ServerKeyCard /> : null}

      <ProductFormDialog open={creating} onClose={() => setCreating(false)} onSaved={(p) => navigate(`/admin/products/${p.id}`)} />
      <ProductFormDialog open={editing !== null} product={editing} onClose={() => setEditing(null)} />
      <DeleteProductDialog product={deleting} onClose={() => setDeleting(null)} />
    </div>
  )
}
