import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { pluralize } from '@/lib/format'
import { errorMessage } from '@/lib/problem'
import { useDeleteProduct } from '../api/delete-product'
import type { Product } from '../api/types'

export interface DeleteProductDialogProps {
  product: Product | null
  onClose: () => void
  onDeleted?: (product: Product) => void
}

/**
 * Type-the-slug confirmation. The server refuses (409) while the product has licenses:
 * sold licenses are never deleted with their product; its detail is shown here.
 */
export function DeleteProductDialog({ product, onClose, onDeleted }: DeleteProductDialogProps) {
  const mutation = useDeleteProduct()
  const close = () => {
    if (mutation.isPending) return
    mutation.reset()
    onClose()
  }
  return (
    <ConfirmDialog
      open={product !== null}
      onClose={close}
      title={product ? `Delete ${product.name}?` : 'Delete product'}
      message={
        product ? (
          product.license_count > 0 ? (
            <>
              This product has {pluralize(product.license_count, 'license')}. Licenses are never deleted with their product, so the
              server will refuse; set the product inactive instead to stop new licenses.
            </>
          ) : (
            <>Deletes the product with its generators and signing keys. This cannot be undone.</>
          )
        ) : undefined
      }
      confirmText={product?.slug}
      confirmLabel="Delete product"
      destructive
      pending={mutation.isPending}
      error={mutation.error ? errorMessage(mutation.error) : undefined}
      onConfirm={() => {
        if (!product) return
        mutation.mutate(product, {
          onSuccess: () => {
            mutation.reset()
            onClose()
            onDeleted?.(product)
          },
        })
      }}
    />
  )
}
