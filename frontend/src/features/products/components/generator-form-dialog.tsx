import { ShieldAlert, ShieldCheck } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Spinner } from '@/components/ui/spinner'
import { ApiError, errorMessage } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { cn } from '@/lib/utils'
import { useCreateGenerator } from '../api/create-generator'
import type { Generator, KeyFormatKind, Product } from '../api/types'
import { useUpdateGenerator } from '../api/update-generator'
import {
  DEFAULT_CHARSET,
  entropyBits,
  KEY_FORMATS,
  keyLength,
  keyPattern,
  MIN_ENTROPY_BITS,
  toCreateGeneratorRequest,
  toUpdateGeneratorRequest,
  validateGeneratorForm,
  generatorFormValues,
  type GeneratorFormValues,
} from '../lib/generator-form'
import { mergeErrors } from '../lib/form-helpers'
import { maxActivationsLabel, MAX_ACTIVATIONS_LIMIT, MAX_VALIDITY_DAYS, validityLabel } from '../lib/product-form'

export interface GeneratorFormDialogProps {
  open: boolean
  onClose: () => void
  product: Product
  /** Edit this generator; create one when absent. */
  generator?: Generator | null
}

/** Create or edit a key generator: its format (UUID or chunks of a charset) and license overrides. */
export function GeneratorFormDialog({ open, onClose, product, generator }: GeneratorFormDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={generator ? `Edit generator ${generator.name}` : 'New generator'}
      description={
        generator
          ? 'Changes apply to keys generated from now on; existing licenses keep their keys.'
          : `Keys for ${product.name} are drawn at random in this format when licenses are created.`
      }
    >
      <GeneratorForm product={product} generator={generator ?? null} onClose={onClose} />
    </Dialog>
  )
}

function GeneratorForm({ product, generator, onClose }: { product: Product; generator: Generator | null; onClose: () => void }) {
  const [values, setValues] = useState<GeneratorFormValues>(() => generatorFormValues(generator))
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({})
  const create = useCreateGenerator()
  const update = useUpdateGenerator()
  const mutation = generator ? update : create
  const pending = mutation.isPending
  const base = useId()
  const id = (name: string) => `${base}-${name}`

  const errors = mergeErrors(submitted ? validateGeneratorForm(values) : {}, serverErrors)
  const generalError = mutation.error ? errorMessage(mutation.error) : null
  const bits = entropyBits(values)
  const length = keyLength(values)
  const chunks = values.format === 'chunks'

  const set = <K extends keyof GeneratorFormValues>(key: K, value: GeneratorFormValues[K]) => {
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
    if (error instanceof ApiError) setServerErrors(error.fieldErrors)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    setServerErrors({})
    if (Object.keys(validateGeneratorForm(values)).length > 0) return
    if (generator) {
      const body = toUpdateGeneratorRequest(values, generator)
      if (Object.keys(body).length === 0) {
        toast.info('Nothing changed')
        onClose()
        return
      }
      update.mutate({ productId: product.id, id: generator.id, body }, { onSuccess: onClose, onError })
    } else {
      create.mutate({ productId: product.id, body: toCreateGeneratorRequest(values) }, { onSuccess: onClose, onError })
    }
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {generalError ? (
        <Alert variant="destructive">
          <AlertDescription>{generalError}</AlertDescription>
        </Alert>
      ) : null}
      <FormField id={id('name')} label="Name" hint="For you, e.g. “Retail keys” or “Reseller batch”." errors={errors.name}>
        {(control) => (
          <Input
            {...control}
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
            maxLength={100}
            autoComplete="off"
            disabled={pending}
            data-autofocus
          />
        )}
      </FormField>

      <fieldset className="flex flex-col gap-2" disabled={pending}>
        <legend className="mb-1.5 text-sm font-medium">Key format</legend>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {KEY_FORMATS.map((f) => (
            <label
              key={f.value}
              className={cn(
                'flex cursor-pointer items-start gap-2 rounded-md border border-border p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5',
                'has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
              )}
            >
              <input
                type="radio"
                name={id('format')}
                value={f.value}
                checked={values.format === f.value}
                onChange={() => set('format', f.value as KeyFormatKind)}
                className="mt-0.5 accent-primary"
              />
              <span className="flex flex-col gap-0.5">
                <span className="font-medium">{f.label}</span>
                <span className="text-xs text-muted-foreground">{f.hint}</span>
              </span>
            </label>
          ))}
        </div>
        <FieldErrorText messages={errors.format} />
      </fieldset>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField id={id('prefix')} label="Prefix" optional hint="Up to 32 characters, e.g. PRO-" errors={errors.prefix}>
          {(control) => (
            <Input
              {...control}
              value={values.prefix}
              onChange={(e) => set('prefix', e.target.value)}
              maxLength={32}
              autoComplete="off"
              spellCheck={false}
              disabled={pending}
              className="font-mono"
            />
          )}
        </FormField>
        <FormField id={id('suffix')} label="Suffix" optional hint="Up to 32 characters." errors={errors.suffix}>
          {(control) => (
            <Input
              {...control}
              value={values.suffix}
              onChange={(e) => set('suffix', e.target.value)}
              maxLength={32}
              autoComplete="off"
              spellCheck={false}
              disabled={pending}
              className="font-mono"
            />
          )}
        </FormField>
      </div>

      {chunks ? (
        <>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <FormField id={id('count')} label="Groups" hint="Chunks per key, 1–16." errors={errors.chunk_count}>
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={16}
                  step={1}
                  value={values.chunk_count}
                  onChange={(e) => set('chunk_count', e.target.value)}
                  disabled={pending}
                />
              )}
            </FormField>
            <FormField id={id('length')} label="Group length" hint="Characters per chunk, 1–32." errors={errors.chunk_length}>
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={32}
                  step={1}
                  value={values.chunk_length}
                  onChange={(e) => set('chunk_length', e.target.value)}
                  disabled={pending}
                />
              )}
            </FormField>
            <FormField id={id('separator')} label="Separator" hint="Between chunks; up to 3, may be empty." errors={errors.separator}>
              {(control) => (
                <Input
                  {...control}
                  value={values.separator}
                  onChange={(e) => set('separator', e.target.value)}
                  maxLength={3}
                  autoComplete="off"
                  spellCheck={false}
                  disabled={pending}
                  className="font-mono"
                />
              )}
            </FormField>
          </div>
          <FormField
            id={id('charset')}
            label="Charset"
            hint={
              <>
                The characters keys are drawn from ({values.charset.length}).{' '}
                {values.charset !== DEFAULT_CHARSET ? (
                  <button
                    type="button"
                    className="text-primary underline-offset-4 hover:underline"
                    onClick={() => set('charset', DEFAULT_CHARSET)}
                  >
                    Use the default without look-alikes
                  </button>
                ) : (
                  'The default leaves out look-alikes such as 0/O and 1/I.'
                )}
              </>
            }
            errors={errors.charset}
          >
            {(control) => (
              <Input
                {...control}
                value={values.charset}
                onChange={(e) => set('charset', e.target.value)}
                autoComplete="off"
                spellCheck={false}
                disabled={pending}
                className="font-mono"
              />
            )}
          </FormField>
        </>
      ) : null}

      <FormatSummary values={values} bits={bits} length={length} />

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          id={id('max')}
          label="Max activations"
          optional
          hint={`Overrides the product's default (${maxActivationsLabel(product.max_activations).toLowerCase()}).`}
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
              placeholder="Product default"
              value={values.max_activations}
              onChange={(e) => set('max_activations', e.target.value)}
              disabled={pending}
            />
          )}
        </FormField>
        <FormField
          id={id('validity')}
          label="Validity (days)"
          optional
          hint={`Overrides the product's default (${validityLabel(product.validity_days).toLowerCase()}).`}
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
              placeholder="Product default"
              value={values.validity_days}
              onChange={(e) => set('validity_days', e.target.value)}
              disabled={pending}
            />
          )}
        </FormField>
      </div>

      <DialogFooter>
        <Button variant="outline" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Spinner label="Saving" /> : null}
          {generator ? 'Save generator' : 'Create generator'}
        </Button>
      </DialogFooter>
    </form>
  )
}

function FieldErrorText({ messages }: { messages?: string[] }) {
  if (!messages?.length) return null
  return <p className="text-sm text-destructive">{messages.join(' ')}</p>
}

/** The shape of the keys (X = random character), their length and strength, as it is typed. */
function FormatSummary({ values, bits, length }: { values: GeneratorFormValues; bits: number | null; length: number | null }) {
  const weak = bits !== null && bits < MIN_ENTROPY_BITS
  const Icon = weak ? ShieldAlert : ShieldCheck
  return (
    <div className="flex flex-col gap-1.5 rounded-md border border-border bg-muted/40 p-3" aria-live="polite">
      <span className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Keys will look like</span>
      <code className="break-all font-mono text-sm" data-testid="key-pattern">
        {keyPattern(values)}
      </code>
      <span className={cn('inline-flex items-center gap-1.5 text-xs', weak ? 'text-destructive' : 'text-muted-foreground')}>
        <Icon aria-hidden="true" className="size-3.5" />
        {bits === null ? 'Strength: fill in the groups' : `${Math.round(bits)} random bits${weak ? ` (at least ${MIN_ENTROPY_BITS} needed)` : ''}`}
        {length !== null ? ` · ${length} characters` : ''}
      </span>
      <span className="text-xs text-muted-foreground">X stands for a random character. Save, then use Preview to see real samples.</span>
    </div>
  )
}
