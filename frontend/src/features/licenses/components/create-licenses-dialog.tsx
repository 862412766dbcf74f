import { CircleAlert, CircleCheck, RefreshCw } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
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
import { formatNumber, pluralize } from '@/lib/format'
import { ApiError, errorMessage } from '@/lib/problem'
import { useAssignLicense } from '@/api/licenses/assign-license'
import { createdKeys, useCreateLicenses } from '@/api/licenses/create-licenses'
import { useGenerators } from '@/api/products/list-generators'
import { useGeneratorPreview } from '@/api/products/preview-generator'
import type { CreateLicenseRequest, Generator, Product } from '../api/types'
import { expiryFromDateInput, toDateInput, addDays } from '@/lib/dates'

type Mode = 'single' | 'batch'

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
  const [mode, setMode] = useState<Mode>('single')
  const [productId, setProductId] = useState('')
  const [generatorId, setGeneratorId] = useState('')
  const [count, setCount] = useState('10')
  const [key, setKey] = useState('')
  const [maxActivations, setMaxActivations] = useState('')
  const [expires, setExpires] = useState('')
  const [notes, setNotes] = useState('')
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({})

  const generators = useGenerators(productId || null, { per_page: 100 }, { staleTime: 60_000 })
  const generatorList = generators.data?.data ?? []
  const product = products.data?.data.find((p) => p.id === productId)
  const generator = generatorList.find((g) => g.id === generatorId)
  const batch = mode === 'batch'
  const preview = useGeneratorPreview(batch ? productId || null : null, batch ? generatorId || null : null)

  const serverErrors = create.error instanceof ApiError ? create.error.fieldErrors : {}
  const errors: Record<string, string[]> = { ...serverErrors, ...localErrors }
  const known = ['product_id', 'generator_id', 'count', 'key', 'max_activations', 'expires_at', 'notes']
  const generalError = create.error && !Object.keys(serverErrors).some((f) => known.includes(f)) ? errorMessage(create.error) : null
  const pending = create.isPending || assign.isPending
  const validity = defaultValidity(product, generator)
  const countNumber = Number(count)

  const pickProduct = (value: string) => {
    setProductId(value)
    setGeneratorId('')
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (pending) return
    const next: Record<string, string[]> = {}
    if (!productId) next.product_id = ['Choose a product.']
    if (batch && !generatorId) next.generator_id = ['Choose a generator.']
    if (batch && (!/^\d+$/.test(count.trim()) || countNumber < 1 || countNumber > 10000)) next.count = ['Enter 1 to 10,000.']
    const max = maxActivations.trim()
    if (max && (!/^\d+$/.test(max) || Number(max) < 1)) next.max_activations = ['Enter a whole number of at least 1.']
    const expiresAt = expires ? expiryFromDateInput(expires) : null
    if (expires && (!expiresAt || new Date(expiresAt).getTime() <= Date.now())) next.expires_at = ['Choose a date in the future.']
    const trimmedKey = key.trim()
    if (!batch && trimmedKey && (trimmedKey.length < 4 || trimmedKey.length > 200 || /\s/.test(trimmedKey))) {
      next.key = ['A key is 4 to 200 printable characters without spaces.']
    }
    const trimmedEmail = email.trim()
    if (!batch && trimmedEmail && !/^[^\s@]+@[^\s@]+$/.test(trimmedEmail)) next.email = ['Enter a valid email address.']
    setLocalErrors(next)
    if (Object.keys(next).length) return

    const body: CreateLicenseRequest = {
      product_id: productId,
      generator_id: generatorId || null,
      max_activations: max ? Number(max) : null,
      expires_at: expiresAt,
      notes: notes.trim() || null,
    }
    if (batch) body.count = countNumber
    else if (trimmedKey) body.key = trimmedKey
    create.reset()
    assign.reset()
    let created
    try {
      created = await create.mutateAsync(body)
    } catch {
      return
    }
    const keys = createdKeys(created)
    if (batch || !trimmedEmail) {
      onCreated({ keys })
      return
    }
    try {
      const assigned = await assign.mutateAsync({ id: keys[0].id, email: trimmedEmail, name: name.trim() || null })
      onCreated({ keys, assignedTo: assigned.customer_email ?? trimmedEmail })
    } catch (error) {
      onCreated({ keys, assignError: error })
    }
  }

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
            <input
              type="radio"
              name={`${id}-mode`}
              value={value}
              checked={mode === value}
              onChange={() => setMode(value)}
              className="size-4 accent-primary"
            />
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
          {(control) => (
            <ProductSelect
              value={productId}
              onValueChange={pickProduct}
              emptyLabel="Choose a product"
              loadingLabel="Loading products…"
              inactive="disable"
              data-autofocus
              {...control}
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
            <Select
              value={generatorId}
              onChange={(e) => setGeneratorId(e.target.value)}
              disabled={!productId || generators.isLoading}
              {...control}
            >
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
              <Input
                type="number"
                inputMode="numeric"
                min={1}
                max={10000}
                value={count}
                onChange={(e) => setCount(e.target.value)}
                {...control}
              />
            )}
          </FormField>
        ) : (
          <FormField id={`${id}-key`} label="Key" optional hint="Blank = generate one." errors={errors.key}>
            {(control) => (
              <Input
                value={key}
                onChange={(e) => setKey(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
                {...control}
              />
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
          {(control) => (
            <Input
              type="number"
              inputMode="numeric"
              min={1}
              value={maxActivations}
              onChange={(e) => setMaxActivations(e.target.value)}
              {...control}
            />
          )}
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
            <Input
              type="date"
              min={toDateInput(addDays(new Date(), 1))}
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
              {...control}
            />
          )}
        </FormField>
      </div>
      <FormField id={`${id}-notes`} label="Notes" optional hint="Only admins see notes, e.g. the order number." errors={errors.notes}>
        {(control) => (
          <Textarea
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            rows={2}
            maxLength={5000}
            {...control}
          />
        )}
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
            {(control) => (
              <Input
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                {...control}
              />
            )}
          </FormField>
          <FormField id={`${id}-name`} label="Customer name" optional hint="Used only when the customer is created.">
            {(control) => (
              <Input
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoComplete="off"
                disabled={!email.trim()}
                {...control}
              />
            )}
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
