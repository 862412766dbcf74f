import type { CreateGeneratorRequest, Generator, KeyFormatKind, UpdateGeneratorRequest } from '../api/types'
import { addError, intText, parseOptionalInt, parseRequiredInt, type FieldErrors } from './form-helpers'
import { MAX_ACTIVATIONS_LIMIT, MAX_VALIDITY_DAYS } from './product-form'

// The server's rules for key formats (backend generators/keygen.rs), checked here first so
// that most mistakes show while typing; the server's field errors still win.

/** Letters and digits without look-alikes (no 0/O, 1/I): the server's default charset. */
export const DEFAULT_CHARSET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export const DEFAULT_SEPARATOR = '-'
export const DEFAULT_CHUNK_COUNT = 4
export const DEFAULT_CHUNK_LENGTH = 5
/** Fewer random bits than this make keys guessable. */
export const MIN_ENTROPY_BITS = 40
export const MAX_KEY_LENGTH = 200
/** Random bits in a v4 UUID. */
export const UUID_ENTROPY_BITS = 122
const UUID_LENGTH = 36
const MAX_AFFIX = 32
const MAX_SEPARATOR = 3
const MAX_NAME = 100

export const KEY_FORMATS: ReadonlyArray<{ value: KeyFormatKind; label: string; hint: string }> = [
  { value: 'chunks', label: 'Chunks', hint: 'Groups of random characters, e.g. PRO-7K4QX-M2H9T-ZP3WA' },
  { value: 'uuid', label: 'UUID', hint: 'A random UUID v4, 36 characters' },
]

export interface GeneratorFormValues {
  name: string
  format: KeyFormatKind
  prefix: string
  suffix: string
  chunk_count: string
  chunk_length: string
  charset: string
  separator: string
  /** '' = the product's default. */
  max_activations: string
  /** '' = the product's default. */
  validity_days: string
}

export function generatorFormValues(generator?: Generator | null): GeneratorFormValues {
  return {
    name: generator?.name ?? '',
    format: generator?.format ?? 'chunks',
    prefix: generator?.prefix ?? '',
    suffix: generator?.suffix ?? '',
    chunk_count: String(generator?.chunk_count ?? DEFAULT_CHUNK_COUNT),
    chunk_length: String(generator?.chunk_length ?? DEFAULT_CHUNK_LENGTH),
    charset: generator?.charset ?? DEFAULT_CHARSET,
    separator: generator?.separator ?? DEFAULT_SEPARATOR,
    max_activations: intText(generator?.max_activations),
    validity_days: intText(generator?.validity_days),
  }
}

/** Printable ASCII without spaces (what the server accepts in prefixes, charsets, separators). */
export function isPrintable(text: string): boolean {
  return /^[\x21-\x7e]*$/.test(text)
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null
}

/** Random bits per key: 122 for UUIDs, chunks × length × log2(charset size) otherwise; null while the fields are incomplete. */
export function entropyBits(values: Pick<GeneratorFormValues, 'format' | 'chunk_count' | 'chunk_length' | 'charset'>): number | null {
  if (values.format === 'uuid') return UUID_ENTROPY_BITS
  const count = wholeNumber(values.chunk_count)
  const length = wholeNumber(values.chunk_length)
  if (count === null || length === null || values.charset.length === 0) return null
  return count * length * Math.log2(Math.max(1, values.charset.length))
}

/** Characters per key, prefix and suffix included; null while the fields are incomplete. */
export function keyLength(values: GeneratorFormValues): number | null {
  const affixes = values.prefix.length + values.suffix.length
  if (values.format === 'uuid') return affixes + UUID_LENGTH
  const count = wholeNumber(values.chunk_count)
  const length = wholeNumber(values.chunk_length)
  if (count === null || length === null) return null
  return affixes + count * length + Math.max(0, count - 1) * values.separator.length
}

/**
 * What keys look like, with `X` for each random character: `PRO-XXXXX-XXXXX-XXXXX-XXXXX`.
 * Not a key: the server's preview draws real samples once the generator is saved.
 */
export function keyPattern(values: GeneratorFormValues): string {
  if (values.format === 'uuid') return `${values.prefix}xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx${values.suffix}`
  const count = Math.min(wholeNumber(values.chunk_count) ?? 0, 16)
  const length = Math.min(wholeNumber(values.chunk_length) ?? 0, 32)
  if (count < 1 || length < 1) return `${values.prefix}…${values.suffix}`
  return `${values.prefix}${Array.from({ length: count }, () => 'X'.repeat(length)).join(values.separator)}${values.suffix}`
}

/** The server's checks on a generator, by field. */
export function validateGeneratorForm(values: GeneratorFormValues): FieldErrors {
  const errors: FieldErrors = {}
  const name = values.name.trim()
  if (!name) addError(errors, 'name', 'Enter a name.')
  else if (name.length > MAX_NAME) addError(errors, 'name', `At most ${MAX_NAME} characters.`)
  for (const field of ['prefix', 'suffix'] as const) {
    if (values[field].length > MAX_AFFIX || !isPrintable(values[field])) {
      addError(errors, field, `At most ${MAX_AFFIX} printable ASCII characters, no spaces.`)
    }
  }
  if (values.format === 'chunks') {
    const count = parseRequiredInt(values.chunk_count, 1, 16)
    if (!count.ok) addError(errors, 'chunk_count', count.error)
    const length = parseRequiredInt(values.chunk_length, 1, 32)
    if (!length.ok) addError(errors, 'chunk_length', length.error)
    const charset = values.charset
    const distinct = new Set(charset).size
    if (charset.length < 2 || distinct !== charset.length || !isPrintable(charset)) {
      addError(
        errors,
        'charset',
        distinct !== charset.length
          ? 'Each character may appear only once.'
          : 'At least 2 distinct printable ASCII characters, no spaces.',
      )
    }
    const separator = values.separator
    if (separator.length > MAX_SEPARATOR || !isPrintable(separator) || [...separator].some((c) => charset.includes(c))) {
      addError(errors, 'separator', `At most ${MAX_SEPARATOR} printable characters that are not in the charset.`)
    }
    const bits = entropyBits(values)
    if (Object.keys(errors).length === 0 && bits !== null && bits < MIN_ENTROPY_BITS) {
      addError(
        errors,
        'chunk_length',
        `Keys would be too easy to guess: ${Math.round(bits)} random bits, at least ${MIN_ENTROPY_BITS} needed (more chunks, longer chunks or a larger charset).`,
      )
    }
  }
  const length = keyLength(values)
  if (Object.keys(errors).length === 0 && length !== null && length > MAX_KEY_LENGTH) {
    addError(errors, values.format === 'chunks' ? 'chunk_count' : 'prefix', `Keys would be longer than ${MAX_KEY_LENGTH} characters.`)
  }
  const max = parseOptionalInt(values.max_activations, 1, MAX_ACTIVATIONS_LIMIT)
  if (!max.ok) addError(errors, 'max_activations', max.error)
  const validity = parseOptionalInt(values.validity_days, 1, MAX_VALIDITY_DAYS, 'a number of days')
  if (!validity.ok) addError(errors, 'validity_days', validity.error)
  return errors
}

function optionalInt(text: string): number | null {
  const parsed = parseOptionalInt(text, 1, Number.MAX_SAFE_INTEGER)
  return parsed.ok ? parsed.value : null
}

/** The create body (after validation). UUID generators send no chunk fields. */
export function toCreateGeneratorRequest(values: GeneratorFormValues): CreateGeneratorRequest {
  const body: CreateGeneratorRequest = {
    name: values.name.trim(),
    format: values.format,
    prefix: values.prefix,
    suffix: values.suffix,
    max_activations: optionalInt(values.max_activations),
    validity_days: optionalInt(values.validity_days),
  }
  if (values.format === 'chunks') {
    body.chunk_count = Number(values.chunk_count.trim())
    body.chunk_length = Number(values.chunk_length.trim())
    body.charset = values.charset
    body.separator = values.separator
  }
  return body
}

/** Only what changed; `{}` when nothing did. Chunk fields are left alone for UUID generators. */
export function toUpdateGeneratorRequest(values: GeneratorFormValues, generator: Generator): UpdateGeneratorRequest {
  const body: UpdateGeneratorRequest = {}
  const name = values.name.trim()
  if (name !== generator.name) body.name = name
  if (values.format !== generator.format) body.format = values.format
  if (values.prefix !== generator.prefix) body.prefix = values.prefix
  if (values.suffix !== generator.suffix) body.suffix = values.suffix
  if (values.format === 'chunks') {
    const count = Number(values.chunk_count.trim())
    if (count !== generator.chunk_count) body.chunk_count = count
    const length = Number(values.chunk_length.trim())
    if (length !== generator.chunk_length) body.chunk_length = length
    if (values.charset !== generator.charset) body.charset = values.charset
    if (values.separator !== generator.separator) body.separator = values.separator
  }
  const max = optionalInt(values.max_activations)
  if (max !== (generator.max_activations ?? null)) body.max_activations = max
  const validity = optionalInt(values.validity_days)
  if (validity !== (generator.validity_days ?? null)) body.validity_days = validity
  return body
}

/** "4 × 5 from 32 characters" or "UUID v4". */
export function formatSummary(g: Pick<Generator, 'format' | 'chunk_count' | 'chunk_length' | 'charset'>): string {
  if (g.format === 'uuid') return 'UUID v4'
  return `${g.chunk_count} × ${g.chunk_length} from ${g.charset.length} characters`
}
