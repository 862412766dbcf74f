import { formatWait } from './format'

/**
 * An error answer from the API (`application/problem+json`):
 * `{type, title, status, detail, code, errors?}`.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string | null
  /** field name → messages, from `errors` on `validation_failed`. */
  readonly fieldErrors: Record<string, string[]>
  /** Seconds to wait, from the `Retry-After` header (429). */
  readonly retryAfter: number | null

  constructor(init: {
    status: number
    code: string
    title: string
    detail?: string | null
    fieldErrors?: Record<string, string[]>
    retryAfter?: number | null
  }) {
    super(init.detail || init.title)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.title = init.title
    this.detail = init.detail ?? null
    this.fieldErrors = init.fieldErrors ?? {}
    this.retryAfter = init.retryAfter ?? null
  }

  /** The sentence to show a person: the detail, plus when to retry if rate limited. */
  get userMessage(): string {
    const base = this.detail || this.title || 'Something went wrong.'
    if (this.retryAfter !== null) {
      return `${base.replace(/\s*$/, '')}${/[.!?]$/.test(base.trim()) ? '' : '.'} Try again in ${formatWait(this.retryAfter)}.`
    }
    return base
  }
}

/** Seconds from a `Retry-After` header: delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | null {
  if (!header) return null
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, Math.ceil((at - now) / 1000))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fieldErrorsOf(value: unknown): Record<string, string[]> {
  if (!isRecord(value)) return {}
  const out: Record<string, string[]> = {}
  for (const [field, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) out[field] = messages.map(String)
    else if (typeof messages === 'string') out[field] = [messages]
  }
  return out
}

/** Builds an ApiError from what openapi-fetch returned as `error` and the response. */
export function toApiError(body: unknown, response: Response): ApiError {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'))
  if (isRecord(body)) {
    return new ApiError({
      status: typeof body.status === 'number' ? body.status : response.status,
      code: typeof body.code === 'string' ? body.code : `http_${response.status}`,
      title: typeof body.title === 'string' ? body.title : response.statusText || `HTTP ${response.status}`,
      detail: typeof body.detail === 'string' ? body.detail : null,
      fieldErrors: fieldErrorsOf(body.errors),
      retryAfter,
    })
  }
  return new ApiError({
    status: response.status,
    code: `http_${response.status}`,
    title: response.statusText || `HTTP ${response.status}`,
    detail: typeof body === 'string' && body.trim() && body.length < 300 ? body.trim() : null,
    retryAfter,
  })
}

/** A readable message for anything thrown by a query or mutation. */
/**
 * The sentence for a failed query (a list or a page, not a form): a refused query parameter
 * has no form field to show its message beside, so each refused one is named with why.
 */
export function queryErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === 'validation_failed') {
    const fields = Object.entries(error.fieldErrors)
    if (fields.length > 0) return fields.map(([field, messages]) => `${field}: ${messages.join(' ')}`).join(' ')
  }
  return errorMessage(error)
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.userMessage
  if (error instanceof TypeError) return 'Could not reach the server. Check your connection and try again.'
  if (error instanceof Error && error.message) return error.message
  return 'Something went wrong.'
}
