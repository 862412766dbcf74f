import { zodResolver } from '@hookform/resolvers/zod'
import { useId, useState } from 'react'
import { Controller, useForm, useWatch } from 'react-hook-form'
import { Link } from 'react-router'
import { z } from 'zod'
import { ProductSelect } from '@/components/domain/product-select'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FieldError } from '@/components/ui/field-error'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Skeleton } from '@/components/ui/skeleton'
import { Spinner } from '@/components/ui/spinner'
import { Textarea } from '@/components/ui/textarea'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { productOptionsTruncated, useProductOptions } from '@/hooks/use-product-options'
import { applyServerErrors, fieldMessages, issuesFrom } from '@/lib/form'
import { formatNumber } from '@/lib/format'
import { ApiError, errorMessage } from '@/lib/problem'
import { AssignAfterCreateError, useCreateAndAssignLicense } from '../api/create-and-assign-license'
import { toCreateAndAssign, validateAssignLicense, type AssignLicenseValues } from '../lib/license-forms'

export interface AssignLicenseDialogProps {
  open: boolean
  onClose: () => void
  customerEmail: string
}

/** "Assign New License": pick a product; a new license of it is created and assigned to this customer. */
export function AssignLicenseDialog({ open, onClose, customerEmail }: AssignLicenseDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Assign new license"
      description={<>A new license is created and assigned to {customerEmail}.</>}
    >
      <AssignForm customerEmail={customerEmail} onDone={onClose} />
    </Dialog>
  )
}

const assignLicenseSchema = z
  .object({ product_id: z.string(), max_activations: z.string(), notes: z.string() })
  .superRefine(issuesFrom(validateAssignLicense))

/** The fields a 422 problem's errors show under (from creating or from assigning). */
const ASSIGN_LICENSE_FIELDS = ['product_id', 'max_activations'] as const

function AssignForm({ customerEmail, onDone }: { customerEmail: string; onDone: () => void }) {
  // Narrows the product list only; it is not part of what is sent.
  const [search, setSearch] = useState('')
  const debouncedSearch = useDebouncedValue(search, 300)
  const products = useProductOptions({ search: debouncedSearch })
  const create = useCreateAndAssignLicense()
  // Checked on submit only; the messages stay until the next try.
  const { register, handleSubmit, setError, control, formState } = useForm<AssignLicenseValues>({
    resolver: zodResolver(assignLicenseSchema),
    reValidateMode: 'onSubmit',
    defaultValues: { product_id: '', max_activations: '', notes: '' },
  })
  const productId = useWatch({ control, name: 'product_id' })
  const ids = { search: useId(), product: useId(), productErr: useId(), max: useId(), maxErr: useId(), notes: useId() }

  // A new license is only made of an active product.
  const list = (products.data?.data ?? []).filter((p) => p.status === 'active')
  const selected = list.find((p) => p.id === productId) ?? null
  const truncated = productOptionsTruncated(products.data)
  const manyProducts = truncated || search !== ''

  const errors = fieldMessages(formState.errors)
  const generalError =
    create.error && !errors.product_id?.length && !errors.max_activations?.length ? errorMessage(create.error) : null

  const submit = handleSubmit((values) => {
    create.mutate(toCreateAndAssign(values, customerEmail), {
      onSuccess: onDone,
      onError: (error) => {
        if (error instanceof ApiError || error instanceof AssignAfterCreateError) {
          applyServerErrors(setError, error.fieldErrors, ASSIGN_LICENSE_FIELDS)
        }
      },
    })
  })

  const pending = create.isPending
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4">
      {manyProducts ? (
        <div className="flex flex-col gap-2">
          <Label htmlFor={ids.search}>Find product</Label>
          <Input
            id={ids.search}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Name or slug"
            autoComplete="off"
            disabled={pending}
          />
        </div>
      ) : null}
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.product}>Product</Label>
        {products.isPending ? (
          <Skeleton className="h-9 w-full" />
        ) : products.isError ? (
          <p role="alert" className="text-sm text-destructive">
            Could not load products: {errorMessage(products.error)}
          </p>
        ) : list.length === 0 && search === '' ? (
          <p className="text-sm text-muted-foreground">
            There are no active products. <Link to="/admin/products" className="text-primary underline-offset-4 hover:underline">Create a product</Link> first.
          </p>
        ) : (
          <Controller
            control={control}
            name="product_id"
            render={({ field }) => (
              <ProductSelect
                id={ids.product}
                ref={field.ref}
                name={field.name}
                value={field.value}
                onValueChange={field.onChange}
                onBlur={field.onBlur}
                emptyLabel="Choose a product…"
                products={list}
                disabled={pending}
                aria-invalid={errors.product_id?.length ? true : undefined}
                aria-describedby={errors.product_id?.length ? ids.productErr : undefined}
                data-autofocus
              />
            )}
          />
        )}
        {products.data && truncated ? (
          <p className="text-xs text-muted-foreground">
            Showing the first {formatNumber(products.data.data.length)} of {formatNumber(products.data.meta.total)} products
            {search.trim() ? ' that match' : ''}; type above to find others.
          </p>
        ) : null}
        {selected ? (
          <p className="text-xs text-muted-foreground">
            Defaults: {selected.max_activations ? `${selected.max_activations} activations` : 'unlimited activations'},{' '}
            {selected.validity_days ? `valid ${selected.validity_days} days from assignment` : 'perpetual'}.
          </p>
        ) : null}
        <FieldError id={ids.productErr} messages={errors.product_id} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.max}>
          Max activations <span className="font-normal text-muted-foreground">(optional)</span>
        </Label>
        <Input
          id={ids.max}
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          {...register('max_activations')}
          placeholder="Product default"
          disabled={pending}
          aria-invalid={errors.max_activations?.length ? true : undefined}
          aria-describedby={errors.max_activations?.length ? ids.maxErr : undefined}
          className="w-40"
        />
        <FieldError id={ids.maxErr} messages={errors.max_activations} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.notes}>
          Notes <span className="font-normal text-muted-foreground">(optional)</span>
        </Label>
        <Textarea
          id={ids.notes}
          {...register('notes')}
          placeholder="e.g. order A-1042"
          disabled={pending}
        />
      </div>
      {generalError ? (
        <p role="alert" className="text-sm text-destructive">
          {generalError}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || products.isPending}>
          {pending ? <Spinner label="Assigning" /> : null}
          Create and assign
        </Button>
      </DialogFooter>
    </form>
  )
}
