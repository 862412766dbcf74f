import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, CircleCheck, RefreshCw } from 'lucide-react'
import { useId, useState } from 'react'
import { Controller, useForm, useWatch } from 'react-hook-form'
import { Link } from 'react-router'
import { z } from 'zod'
import { ProductSelect } from '@/components/domain/product-select'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Select } from '@/components/ui/select'
import { Skeleton } from '@/components/ui/skeleton'
import { Spinner } from '@/components/ui/spinner'
import { Textarea } from '@/components/ui/textarea'
import { useProductOptions } from '@/hooks/use-product-options'
import { applyServerErrors, fieldMessages, issuesFrom } from '@/lib/form'
import { formatNumber, pluralize } from '@/lib/format'
import { ApiError, errorMessage } from '@/lib/problem'
import { useAssignLicense } from '@/api/licenses/assign-license'
import { createdKeys, useCreateLicenses } from '@/api/licenses/create-licenses'
import { useGenerators } from '@/api/products/list-generators'
import { useGeneratorPreview } from '@/api/products/preview-generator'
import type { Generator, Product } from '../api/types'
import { toDateInput, addDays } from '@/lib/dates'
import {
  assignAfterCreate,
  CREATE_LICENSES_DEFAULTS,
  MAX_BATCH,
  toCreateLicenseRequest,
  validateCreateLicenses,
  type CreateLicensesValues,
} from '../lib/create-licenses'

interface Result {
  keys: Array<{ id: string; key: string }>
  assignedTo?: string
  assignError?: unknown
}

/** "Create licenses" (admin): one license, or a batch from a generator with sample keys first. */
export function CreateLicensesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateLicenses()
  const assign = useAssignLicense({ silent: true })
  const pending = create.isPending || assign.isPending
  const close = () => {
    create.reset()
    assign.reset()
    onClose()
  }
  return (
    <Dialog open={open} onClose={close} dismissible={!pending} size="lg" title="Create licenses">
      <CreateLicensesBody create={create} assign={assign} onClose={close} />
    </Dialog>
  )
}

function CreateLicensesBody({
  create,
  assign,
  onClose,
}: {
  create: ReturnType<typeof useCreateLicenses>
  assign: ReturnType<typeof useAssignLicense>
  onClose: () => void
}) {
  const [result, setResult] = useState<Result | null>(null)
  if (result) {
    return (
      <CreatedKeys
        result={result}
        onMore={() => {
          create.reset()
          assign.reset()
          setResult(null)
        }}
        onClose={onClose}
      />
    )
  }
  return <CreateForm create={create} assign={assign} onCreated={setResult} onCancel={onClose} />
}

function defaultMax(product: Product | undefined, generator: Generator | undefined): string {
  const max = generator?.max_activations ?? product?.max_activations ?? null
  return max === null ? 'unlimited' : String(max)
}

function defaultValidity(product: Product | undefined, generator: Generator | undefined): number | null {
  return generator?.validity_days ?? product?.validity_days ?? null
}

const createLicensesSchema = z
  .object({
    mode: z.enum(['single', 'batch']),
    product_id: z.string(),
    generator_id: z.string(),
    count: z.string(),
    key: z.string(),
    max_activations: z.string(),
    expires_at: z.string(),
    notes: z.string(),
    email: z.string(),
    name: z.string(),
  })
  .superRefine(issuesFrom((values: CreateLicensesValues) => validateCreateLicenses(values)))

/** The create request's fields: a 422 problem's errors for these show under them, anything else at the top. */
const CREATE_FIELDS = ['product_id', 'generator_id', 'count', 'key', 'max_activations', 'expires_at', 'notes'] as const

function CreateForm({
  create,
  assign,
  onCreated,
  onCancel,
}: {
  create: ReturnType<typeof useCreateLicenses>
  assign: ReturnType<typeof useAssignLicense>
  onCreated: (result: Result) => void
  onCancel: () => void
}) {
  const id = useId()
  const products = useProductOptions()
  // Checked on submit only; the messages stay until the next try.
  const { register, handleSubmit, setError, setValue, control, formState } = useForm<CreateLicensesValues>({
    resolver: zodResolver(createLicensesSchema),
    reValidateMode: 'onSubmit',
    defaultValues: CREATE_LICENSES_DEFAULTS,
  })
  const [mode, productId, generatorId, count, email] = useWatch({
    control,
    name: ['mode', 'product_id', 'generator_id', 'count', 'email'],
  })

  const generators = useGenerators(productId || null, { per_page: 100 }, { staleTime: 60_000 })
  const generatorList = generators.data?.data ?? []
  const product = products.data?.data.find((p) => p.id === productId)
  const generator = generatorList.find((g) => g.id === generatorId)
  const batch = mode === 'batch'
  const preview = useGeneratorPreview(batch ? productId || null : null, batch ? generatorId || null : null)

  const errors = fieldMessages(formState.errors)
  const serverErrors = create.error instanceof ApiError ? create.error.fieldErrors : {}
  const generalError =
    create.error && !Object.keys(serverErrors).some((f) => (CREATE_FIELDS as readonly string[]).includes(f)) ? errorMessage(create.error) : null
  const pending = create.isPending || assign.isPending
  const validity = defaultValidity(product, generator)
  const countNumber = Number(count)

  const submit = handleSubmit(async (values) => {
    if (pending) return
    create.reset()
    assign.reset()
    let created
    try {
      created = await create.mutateAsync(toCreateLicenseRequest(values))
    } catch (error) {
      if (error instanceof ApiError) applyServerErrors(setError, error.fieldErrors, CREATE_FIELDS)
      return
    }
    const keys = createdKeys(created)
    const owner = assignAfterCreate(values)
    if (!owner) {
      onCreated({ keys })
      return
    }
    try {
      const assigned = await assign.mutateAsync({ id: keys[0].id, email: owner.email, name: owner.name })
      onCreated({ keys, assignedTo: assigned.customer_email ?? owner.email })
    } catch (error) {
      onCreated({ keys, assignError: error })
    }
  })

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4" aria-busy={pending}>
      <fieldset className="flex flex-wrap gap-x-6 gap-y-2">
        <legend className="mb-2 text-sm font-medium">What to create</legend>
        {(
          [
            ['single', 'One license'],
            ['batch', 'A batch from a generator'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input type="radio" value={value} {...register('mode')} className="size-4 accent-primary" />
            {label}
          </label>
        ))}
      </fieldset>
      {generalError ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{generalError}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField id={`${id}-product`} label="Product" errors={errors.product_id}>
          {(fieldProps) => (
            <Controller
              control={control}
              name="product_id"
              render={({ field }) => (
                <ProductSelect
                  ref={field.ref}
                  name={field.name}
                  value={field.value}
                  onValueChange={(value) => {
                    field.onChange(value)
                    // Generators belong to a product: a new product starts without one.
                    setValue('generator_id', '')
                  }}
                  onBlur={field.onBlur}
                  emptyLabel="Choose a product"
                  loadingLabel="Loading products…"
                  inactive="disable"
                  data-autofocus
                  {...fieldProps}
                />
              )}
            />
          )}
        </FormField>
        <FormField
          id={`${id}-generator`}
          label={batch ? 'Generator' : 'Key format'}
          optional={!batch}
          hint={
            productId && generators.isSuccess && generatorList.length === 0 ? (
              <>
                This product has no key generators.{' '}
                <Link to={`/admin/products/${productId}`} className="underline underline-offset-4">
                  Add one on the product page
                </Link>
                .
              </>
            ) : generator ? (
              `Like ${generator.example} (${Math.round(generator.entropy_bits)} random bits).`
            ) : batch ? undefined : (
              'Without a generator the key is a UUID.'
            )
          }
          errors={errors.generator_id}
        >
          {(control) => (
            <Select {...register('generator_id')} disabled={!productId || generators.isLoading} {...control}>
              <option value="">{!productId ? 'Choose a product first' : batch ? 'Choose a generator' : 'Default (UUID)'}</option>
              {generatorList.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        {batch ? (
          <FormField id={`${id}-count`} label="How many" hint="1 to 10,000, created in one go." errors={errors.count}>
            {(control) => (
              <Input type="number" inputMode="numeric" min={1} max={MAX_BATCH} {...register('count')} {...control} />
            )}
          </FormField>
        ) : (
          <FormField id={`${id}-key`} label="Key" optional hint="Blank = generate one." errors={errors.key}>
            {(control) => (
              <Input {...register('key')} autoComplete="off" spellCheck={false} className="font-mono" {...control} />
            )}
          </FormField>
        )}
        <FormField
          id={`${id}-max`}
          label="Max activations"
          optional
          hint={product ? `Blank = the default (${defaultMax(product, generator)}).` : 'Blank = the product’s default.'}
          errors={errors.max_activations}
        >
          {(control) => <Input type="number" inputMode="numeric" min={1} {...register('max_activations')} {...control} />}
        </FormField>
      </div>
      {batch ? (
        <KeyPreview
          ready={!!productId && !!generatorId}
          keys={preview.data?.keys}
          entropy={preview.data?.entropy_bits}
          loading={preview.isFetching}
          error={preview.error}
          onRefresh={() => void preview.refetch()}
        />
      ) : null}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          id={`${id}-expires`}
          label="Expires on"
          optional
          hint={validity ? `Blank = ${validity} days from assignment.` : 'Blank = never expires.'}
          errors={errors.expires_at}
        >
          {(control) => (
            <Input type="date" min={toDateInput(addDays(new Date(), 1))} {...register('expires_at')} {...control} />
          )}
        </FormField>
      </div>
      <FormField id={`${id}-notes`} label="Notes" optional hint="Only admins see notes, e.g. the order number." errors={errors.notes}>
        {(control) => <Textarea {...register('notes')} rows={2} maxLength={5000} {...control} />}
      </FormField>
      {batch ? null : (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <FormField
            id={`${id}-email`}
            label="Assign to email"
            optional
            hint="Blank = leave it available. A new email creates the customer."
            errors={errors.email}
          >
            {(control) => <Input type="email" {...register('email')} autoComplete="off" spellCheck={false} {...control} />}
          </FormField>
          <FormField id={`${id}-name`} label="Customer name" optional hint="Used only when the customer is created.">
            {(control) => <Input {...register('name')} autoComplete="off" disabled={!email.trim()} {...control} />}
          </FormField>
        </div>
      )}
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Spinner label="Creating" /> : null}
          {batch ? `Create ${Number.isFinite(countNumber) && countNumber > 0 ? pluralize(countNumber, 'license') : 'licenses'}` : 'Create license'}
        </Button>
      </DialogFooter>
    </form>
  )
}

function KeyPreview({
  ready,
  keys,
  entropy,
  loading,
  error,
  onRefresh,
}: {
  ready: boolean
  keys: string[] | undefined
  entropy: number | undefined
  loading: boolean
  error: unknown
  onRefresh: () => void
}) {
  return (
    <section aria-label="Sample keys" className="flex flex-col gap-2 rounded-lg border border-border bg-muted/40 p-4">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Sample keys</h3>
        {ready ? (
          <Button variant="ghost" size="sm" onClick={onRefresh} disabled={loading}>
            <RefreshCw aria-hidden="true" className={loading ? 'animate-spin' : undefined} />
            New samples
          </Button>
        ) : null}
      </div>
      {!ready ? (
        <p className="text-sm text-muted-foreground">Choose a product and a generator to see what its keys look like.</p>
      ) : error ? (
        <p role="alert" className="text-sm text-destructive">
          {errorMessage(error)}
        </p>
      ) : keys ? (
        <>
          <ul className="flex flex-col gap-1 font-mono text-sm" aria-live="polite">
            {keys.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
          <p className="text-xs text-muted-foreground">
            Examples only: nothing is stored or reserved. The batch gets fresh keys
            {entropy ? ` (${Math.round(entropy)} random bits each)` : ''}.
          </p>
        </>
      ) : (
        <div role="status" aria-label="Loading sample keys" className="flex flex-col gap-1.5">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-4 w-64" />
          ))}
        </div>
      )}
    </section>
  )
}

function CreatedKeys({ result, onMore, onClose }: { result: Result; onMore: () => void; onClose: () => void }) {
  const id = useId()
  const all = result.keys.map((k) => k.key).join('\n')
  return (
    <div className="flex flex-col gap-4">
      <Alert variant="info">
        <CircleCheck aria-hidden="true" />
        <AlertDescription>
          Created {pluralize(result.keys.length, 'license')}
          {result.assignedTo ? ` and assigned it to ${result.assignedTo}` : ''}.
        </AlertDescription>
      </Alert>
      {result.assignError ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>The license was created but not assigned: {errorMessage(result.assignError)}</AlertDescription>
        </Alert>
      ) : null}
      <div className="flex flex-col gap-2">
        <div className="flex items-center justify-between gap-2">
          <label htmlFor={`${id}-keys`} className="text-sm font-medium">
            {result.keys.length === 1 ? 'Key' : `Keys (${formatNumber(result.keys.length)})`}
          </label>
          <CopyButton value={all} label={result.keys.length === 1 ? 'key' : 'all keys'} variant="outline">
            {result.keys.length === 1 ? 'Copy key' : 'Copy all'}
          </CopyButton>
        </div>
        <Textarea
          id={`${id}-keys`}
          readOnly
          value={all}
          rows={Math.min(10, Math.max(2, result.keys.length))}
          className="font-mono text-xs"
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onMore}>
          Create more
        </Button>
        <Button onClick={onClose} data-autofocus>
          Done
        </Button>
      </DialogFooter>
    </div>
  )
}
