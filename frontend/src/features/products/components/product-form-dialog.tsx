import { zodResolver } from '@hookform/resolvers/zod'
import { useId, useMemo } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { z } from 'zod'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Select } from '@/components/ui/select'
import { Spinner } from '@/components/ui/spinner'
import { Textarea } from '@/components/ui/textarea'
import { applyServerErrors, fieldMessages, issuesFrom } from '@/lib/form'
import { ApiError, errorMessage } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { useCreateProduct } from '../api/create-product'
import type { Product } from '../api/types'
import { useUpdateProduct } from '../api/update-product'
import {
  MAX_ACTIVATIONS_LIMIT,
  MAX_VALIDITY_DAYS,
  productFormValues,
  slugify,
  toCreateProductRequest,
  toUpdateProductRequest,
  validateProductForm,
  type ProductFormValues,
} from '../lib/product-form'

export interface ProductFormDialogProps {
  open: boolean
  onClose: () => void
  /** Edit this product; create a new one when absent. */
  product?: Product | null
  /** After a successful create or save. */
  onSaved?: (product: Product) => void
}

/** Create or edit a product: name, slug, description, status and the defaults for new licenses. */
export function ProductFormDialog({ open, onClose, product, onSaved }: ProductFormDialogProps) {
  const editing = !!product
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={editing ? `Edit ${product.name}` : 'New product'}
      description={
        editing
          ? 'New defaults apply to licenses created or assigned from now on; existing licenses keep theirs.'
          : 'A product gets its own signing key. Its defaults apply to the licenses you create for it.'
      }
    >
      <ProductForm product={product ?? null} onClose={onClose} onSaved={onSaved} />
    </Dialog>
  )
}

const PRODUCT_FIELDS = ['name', 'slug', 'description', 'status', 'max_activations', 'validity_days', 'send_license_email'] as const

/** The form's schema: the field types, and the server's checks (`validateProductForm`) with their messages. */
function productSchema(mode: 'create' | 'edit') {
  return z
    .object({
      name: z.string(),
      slug: z.string(),
      description: z.string(),
      status: z.enum(['active', 'inactive']),
      max_activations: z.string(),
      validity_days: z.string(),
      send_license_email: z.boolean(),
    })
    .superRefine(issuesFrom((values: ProductFormValues) => validateProductForm(values, mode)))
}

// Mounted only while the dialog is open, so every opening starts from the product's values.
function ProductForm({ product, onClose, onSaved }: { product: Product | null; onClose: () => void; onSaved?: (p: Product) => void }) {
  const mode = product ? 'edit' : 'create'
  const schema = useMemo(() => productSchema(mode), [mode])
  // Checked on submit, then again on every change (as the server would answer).
  const form = useForm<ProductFormValues>({ resolver: zodResolver(schema), defaultValues: productFormValues(product) })
  const { register, handleSubmit, setError, control } = form
  const errors = fieldMessages(form.formState.errors)
  const create = useCreateProduct()
  const update = useUpdateProduct()
  const mutation = product ? update : create
  const pending = mutation.isPending
  const base = useId()
  const id = (name: string) => `${base}-${name}`

  // A taken slug shows at the slug field; anything else (with the 422 summary) at the top.
  const generalError =
    mutation.error && !(mutation.error instanceof ApiError && mutation.error.code === 'conflict') ? errorMessage(mutation.error) : null

  const onError = (error: unknown) => {
    if (error instanceof ApiError) {
      if (error.code === 'conflict') setError('slug', { type: 'server', message: error.detail ?? 'This slug is taken by another product.' })
      else applyServerErrors(setError, error.fieldErrors, PRODUCT_FIELDS)
    }
  }

  const submit = handleSubmit((values) => {
    const done = (saved: Product) => {
      onSaved?.(saved)
      onClose()
    }
    if (product) {
      const body = toUpdateProductRequest(values, product)
      if (Object.keys(body).length === 0) {
        toast.info('Nothing changed')
        onClose()
        return
      }
      update.mutate({ id: product.id, body }, { onSuccess: done, onError })
    } else {
      create.mutate(toCreateProductRequest(values), { onSuccess: done, onError })
    }
  })

  const derivedSlug = slugify(useWatch({ control, name: 'name' }))

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="flex flex-col gap-4">
      {generalError ? (
        <Alert variant="destructive">
          <AlertDescription>{generalError}</AlertDescription>
        </Alert>
      ) : null}
      <FormField id={id('name')} label="Name" errors={errors.name}>
        {(control) => (
          <Input
            {...control}
            {...register('name')}
            maxLength={200}
            autoComplete="off"
            disabled={pending}
            data-autofocus
            required
          />
        )}
      </FormField>
      <FormField
        id={id('slug')}
        label="Slug"
        optional={mode === 'create'}
        hint={
          mode === 'create'
            ? derivedSlug
              ? `Left empty, it will be “${derivedSlug}”. Used in CSV imports and URLs.`
              : 'Derived from the name when left empty. Used in CSV imports and URLs.'
            : 'Lower-case letters, digits and hyphens. CSV imports and integrations may refer to it.'
        }
        errors={errors.slug}
      >
        {(control) => (
          <Input
            {...control}
            {...register('slug')}
            placeholder={mode === 'create' ? derivedSlug || 'pro-editor' : undefined}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            disabled={pending}
            className="font-mono"
          />
        )}
      </FormField>
      <FormField id={id('description')} label="Description" optional errors={errors.description}>
        {(control) => (
          <Textarea
            {...control}
            {...register('description')}
            maxLength={5000}
            disabled={pending}
          />
        )}
      </FormField>
      <FormField
        id={id('status')}
        label="Status"
        hint="An inactive product gets no new licenses; its existing licenses keep working."
        errors={errors.status}
      >
        {(control) => (
          <Select
            {...control}
            {...register('status')}
            disabled={pending}
          >
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </Select>
        )}
      </FormField>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          id={id('max')}
          label="Max activations"
          hint="Devices or domains per license. Empty = unlimited."
          errors={errors.max_activations}
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_ACTIVATIONS_LIMIT}
              step={1}
              placeholder="Unlimited"
              {...register('max_activations')}
              disabled={pending}
            />
          )}
        </FormField>
        <FormField
          id={id('validity')}
          label="Validity (days)"
          hint="From assignment. Empty = perpetual."
          errors={errors.validity_days}
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_VALIDITY_DAYS}
              step={1}
              placeholder="Perpetual"
              {...register('validity_days')}
              disabled={pending}
            />
          )}
        </FormField>
      </div>
      <div className="flex items-start gap-2">
        <Checkbox
          id={id('email')}
          {...register('send_license_email')}
          disabled={pending}
          className="mt-0.5"
          aria-describedby={`${id('email')}-hint`}
        />
        <div className="flex flex-col gap-1">
          <label htmlFor={id('email')} className="text-sm font-medium leading-none">
            Email the license to the customer
          </label>
          <p id={`${id('email')}-hint`} className="text-xs text-muted-foreground">
            Sends the key when a license of this product is assigned to someone.
          </p>
        </div>
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Spinner label="Saving" /> : null}
          {mode === 'create' ? 'Create product' : 'Save changes'}
        </Button>
      </DialogFooter>
    </form>
  )
}
