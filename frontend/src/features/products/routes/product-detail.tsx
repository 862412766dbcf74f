import { ArrowLeft, PackageX, Pencil, Ticket, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { YesNo } from '@/components/domain/yes-no'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { CopyButton } from '@/components/ui/copy-button'
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list'
import { EmptyState } from '@/components/ui/empty-state'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { PageSkeleton } from '@/components/ui/skeleton'
import { useCan } from '@/hooks/use-can'
import { formatDateTime } from '@/lib/dates'
import { formatNumber } from '@/lib/format'
import { ApiError } from '@/lib/problem'
import { useProduct } from '../api/get-product'
import { DeleteProductDialog } from '../components/delete-product-dialog'
import { GeneratorsCard } from '../components/generators-card'
import { ProductFormDialog } from '../components/product-form-dialog'
import { ProductStatusBadge } from '../components/product-status-badge'
import { SigningKeysCard } from '../components/signing-keys-card'
import { maxActivationsLabel, validityLabel } from '../lib/product-form'

/** `/admin/products/:id`: the product's settings, its published signing keys and its key generators. */
export function ProductDetailPage() {
  const { id = '' } = useParams()
  const product = useProduct(id)
  const navigate = useNavigate()
  const canEdit = useCan('admin')
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)

  if (product.isPending) return <PageSkeleton label="Loading product" />
  if (product.isError) {
    const notFound = product.error instanceof ApiError && product.error.status === 404
    return (
      <div className="mx-auto flex w-full max-w-5xl flex-col gap-6">
        <BackLink />
        {notFound ? (
          <EmptyState
            icon={PackageX}
            title="Product not found"
            action={
              <Link to="/admin/products" className={buttonVariants({ variant: 'outline' })}>
                All products
              </Link>
            }
          >
            It may have been deleted, or the link is wrong.
          </EmptyState>
        ) : (
          <ErrorState error={product.error} onRetry={() => void product.refetch()} retrying={product.isFetching} title="Could not load this product" />
        )}
      </div>
    )
  }

  const p = product.data
  const licensesPath = `/admin/licenses?${new URLSearchParams({ product_id: p.id })}`

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-6">
      <BackLink />
      <PageHeader
        title={p.name}
        description={p.description || undefined}
        actions={
          <>
            <Link to={licensesPath} className={buttonVariants({ variant: 'outline' })}>
              <Ticket aria-hidden="true" />
              View licenses
            </Link>
            {canEdit ? (
              <>
                <Button variant="outline" onClick={() => setEditing(true)}>
                  <Pencil aria-hidden="true" />
                  Edit
                </Button>
                <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setDeleting(true)}>
                  <Trash2 aria-hidden="true" />
                  Delete
                </Button>
              </>
            ) : null}
          </>
        }
      >
        <div className="flex flex-wrap items-center gap-2 pt-1">
          <ProductStatusBadge status={p.status} />
          <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{p.slug}</code>
        </div>
      </PageHeader>

      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent>
          <DescriptionList>
            <DescriptionItem label="Status">
              <span className="flex flex-wrap items-center gap-2">
                <ProductStatusBadge status={p.status} />
                <span className="text-sm font-normal text-muted-foreground">
                  {p.status === 'active' ? 'New licenses can be issued.' : 'No new licenses; existing ones keep working.'}
                </span>
              </span>
            </DescriptionItem>
            <DescriptionItem label="Slug">
              <code className="text-xs">{p.slug}</code>
            </DescriptionItem>
            <DescriptionItem label="Default max activations">{maxActivationsLabel(p.max_activations)}</DescriptionItem>
            <DescriptionItem label="Default validity">
              {p.validity_days === null || p.validity_days === undefined ? 'Perpetual' : `${validityLabel(p.validity_days)} from assignment`}
            </DescriptionItem>
            <DescriptionItem label="Email license on assignment">
              <YesNo value={p.send_license_email} yes="Yes" no="No" />
            </DescriptionItem>
            <DescriptionItem label="Licenses">
              <Link to={licensesPath} className="text-primary underline-offset-4 hover:underline">
                {formatNumber(p.license_count)} {p.license_count === 1 ? 'license' : 'licenses'}
              </Link>
            </DescriptionItem>
            <DescriptionItem label="Product ID">
              <span className="inline-flex items-center gap-1 font-mono text-xs break-all">
                {p.id}
                <CopyButton value={p.id} label="product id" className="size-7" />
              </span>
            </DescriptionItem>
            <DescriptionItem label="Created">{formatDateTime(p.created_at)}</DescriptionItem>
            <DescriptionItem label="Updated">{formatDateTime(p.updated_at)}</DescriptionItem>
          </DescriptionList>
        </CardContent>
      </Card>

      <GeneratorsCard product={p} />
      <SigningKeysCard product={p} />

      <ProductFormDialog open={editing} product={p} onClose={() => setEditing(false)} />
      <DeleteProductDialog
        product={deleting ? p : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/admin/products', { replace: true })}
      />
    </div>
  )
}

function BackLink() {
  return (
    <Link
      to="/admin/products"
      className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      <ArrowLeft aria-hidden="true" className="size-4" />
      Products
    </Link>
  )
}
