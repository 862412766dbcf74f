import { describe, expect, it } from 'vitest'
import { ApiError, errorMessage, queryErrorMessage } from './problem'

const refused = new ApiError({
  status: 422,
  code: 'validation_failed',
  title: 'Unprocessable Entity',
  detail: 'Invalid value for: search.',
  fieldErrors: { search: ['type more of the name or email'] },
})

describe('queryErrorMessage', () => {
  it('names a failed query’s refused parameters and says why, rather than the generic detail', () => {
    expect(queryErrorMessage(refused)).toBe('search: type more of the name or email')
    // A form shows the field's message beside the field, and the detail above.
    expect(errorMessage(refused)).toBe('Invalid value for: search.')
  })

  it('uses the detail for other problems', () => {
    const down = new ApiError({ status: 503, code: 'service_unavailable', title: 'Service Unavailable', detail: 'The database is unavailable.' })
    expect(queryErrorMessage(down)).toBe('The database is unavailable.')
    expect(queryErrorMessage(new TypeError('fetch failed'))).toBe('Could not reach the server. Check your connection and try again.')
  })
})
