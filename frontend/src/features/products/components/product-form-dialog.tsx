import { useId, useState, type FormEvent } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Select } from '@/components/ui/select'
import { Spinner } from '@/components/ui/spinner'
import { Textarea } from '@/components/ui/textarea'
import { ApiError, errorMessage } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { useCreateProduct } from '../api/create-product'
import type { Product } from '../api/types'
import { useUpdateProduct } from '../api/update-product'
import { mergeErrors } from '../lib/form-helpers'
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

// Mounted only while the dialog is open, so every opening starts from the product's values.
function ProductForm({ product, onClose, onSaved }: { product: Product | null; onClose: () => void; onSaved?: (p: Product) => void }) {
  const mode = product ? 'edit' : 'create'
  const [values, setValues] = useState<ProductFormValues>(() => productFormValues(product))
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({})
  const create = useCreateProduct()
  const update = useUpdateProduct()
  const mutation = product ? update : create
  const pending = mutation.isPending
  const base = useId()
  const id = (name: string) => `${base}-${name}`

  const clientErrors = submitted ? validateProductForm(values, mode) : {}
  const errors = mergeErrors(clientErrors, serverErrors)
  // A taken slug shows at the slug field; anything else (with the 422 summary) at the top.
  const generalError =
    mutation.error && !(mutation.error instanceof ApiError && mutation.error.code === 'conflict') ? errorMessage(mutation.error) : null

  const set = <K extends keyof ProductFormValues>(key: K, value: ProductFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }))
    if (serverErrors[key]) {
      setServerErrors((e) => {
        const next = { ...e }
        delete next[key]
        return next
      })
    }
  }

  const onError = (error: unknown) => {
    if (error instanceof ApiError) {
      if (error.code === 'conflict') setServerErrors({ slug: [error.detail ?? 'This slug is taken by another product.'] })
      else setServerErrors(error.fieldErrors)
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    setServerErrors({})
    if (Object.keys(validateProductForm(values, mode)).length > 0) return
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
  }

  const derivedSlug = slugify(values.name)

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {generalError ? (
        <Alert variant="destructive">
          <AlertDescription>{generalError}</AlertDescription>
        </Alert>
      ) : null}
      <FormField id={id('name')} label="Name" errors={errors.name}>
        {(control) => (
          <Input
            {...control}
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
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
            value={values.slug}
            onChange={(e) => set('slug', e.target.value)}
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
            value={values.description}
            onChange={(e) => set('description', e.target.value)}
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
            value={values.status}
            onChange={(e) => set('status', e.target.value as ProductFormValues['status'])}
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
              value={values.max_activations}
              onChange={(e) => set('max_activations', e.target.value)}
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
              value={values.validity_days}
              onChange={(e) => set('validity_days', e.target.value)}
              disabled={pending}
            />
          )}
        </FormField>
      </div>
      <div className="flex items-start gap-2">
        <Checkbox
          id={id('email')}
          checked={values.send_license_email}
          onChange={(e) => set('send_license_email', e.target.checked)}
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
