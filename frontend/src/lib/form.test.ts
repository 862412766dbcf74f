import { zodResolver } from '@hookform/resolvers/zod'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ErrorOption } from 'react-hook-form'
import { applyServerErrors, issuesFrom, messagesOf, type FieldMessages } from './form'

describe('issuesFrom', () => {
  it('turns field messages into zod issues at their fields, with the same texts', async () => {
    const schema = z
      .object({ email: z.string() })
      .superRefine(issuesFrom((v: { email: string }): FieldMessages => (v.email ? {} : { email: ['is required'] })))
    const resolver = zodResolver(schema)
    const result = await resolver({ email: '' }, undefined, { fields: {}, shouldUseNativeValidation: false })
    expect(messagesOf(result.errors.email as never)).toEqual(['is required'])
    const ok = await resolver({ email: 'a@b.c' }, undefined, { fields: {}, shouldUseNativeValidation: false })
    expect(ok.errors).toEqual({})
  })
})

describe('applyServerErrors', () => {
  it("puts a problem document's errors on the form's fields, every message kept", () => {
    const calls: Array<[string, ErrorOption]> = []
    const placed = applyServerErrors(
      (name, error) => calls.push([name, error]),
      { slug: ['is taken', 'is too long'], other: ['ignored'] },
      ['slug'],
    )
    expect(placed).toBe(true)
    expect(calls).toHaveLength(1)
    expect(calls[0][0]).toBe('slug')
    expect(messagesOf({ type: 'server', ...calls[0][1] })).toEqual(['is taken', 'is too long'])
  })
})
