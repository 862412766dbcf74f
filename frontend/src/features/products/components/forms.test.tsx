import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { jsonResponse, problem, stubFetch, withQueryClient } from '@/testing/utils'
import type { Product } from '../api/types'
import { GeneratorFormDialog } from './generator-form-dialog'
import { ProductFormDialog } from './product-form-dialog'

const product: Product = {
  id: 'p1',
  name: 'Pro Editor',
  slug: 'pro-editor',
  description: null,
  status: 'active',
  max_activations: 3,
  validity_days: null,
  send_license_email: false,
  license_count: 0,
  public_keys: [],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
}

const slow = { timeout: 5000 }

describe('ProductFormDialog', { timeout: 20_000 }, () => {
  it('checks the fields before sending and shows a taken slug at the slug field', async () => {
    const user = userEvent.setup()
    const calls = stubFetch([() => jsonResponse(problem(409, 'conflict', 'The slug `pro-editor` is taken.'), { status: 409 })])
    const onSaved = vi.fn()
    render(withQueryClient(<ProductFormDialog open onClose={() => {}} onSaved={onSaved} />))

    await user.click(screen.getByRole('button', { name: 'Create product' }))
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Enter a name.')
    expect(calls).toHaveLength(0)

    await user.type(screen.getByLabelText('Name'), 'Pro Editor')
    expect(screen.getByText('Left empty, it will be “pro-editor”. Used in CSV imports and URLs.')).toBeInTheDocument()
    await user.type(screen.getByLabelText('Max activations'), '0')
    await user.click(screen.getByRole('button', { name: 'Create product' }))
    expect(screen.getByLabelText('Max activations')).toHaveAttribute('aria-invalid', 'true')
    expect(calls).toHaveLength(0)

    await user.clear(screen.getByLabelText('Max activations'))
    await user.click(screen.getByRole('button', { name: 'Create product' }))
    await waitFor(() => expect(screen.getByLabelText(/Slug/)).toHaveAttribute('aria-invalid', 'true'), slow)
    expect(screen.getByLabelText(/Slug/)).toHaveAccessibleDescription(expect.stringContaining('The slug `pro-editor` is taken.'))
    expect(calls[0]?.body).toEqual({
      name: 'Pro Editor',
      description: null,
      status: 'active',
      max_activations: null,
      validity_days: null,
      send_license_email: false,
    })
    expect(onSaved).not.toHaveBeenCalled()
  })

  it('sends only the changed fields when editing', async () => {
    const user = userEvent.setup()
    const calls = stubFetch([(req) => jsonResponse({ ...product, ...(req.body as object) })])
    const onClose = vi.fn()
    render(withQueryClient(<ProductFormDialog open product={product} onClose={onClose} />))
    await user.clear(screen.getByLabelText('Max activations'))
    await user.type(screen.getByLabelText('Validity (days)'), '365')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(onClose).toHaveBeenCalled(), slow)
    expect(calls[0]?.method).toBe('PATCH')
    expect(calls[0]?.body).toEqual({ max_activations: null, validity_days: 365 })
  })
})

describe('GeneratorFormDialog', { timeout: 20_000 }, () => {
  it('shows the key shape while typing and refuses weak formats before sending', async () => {
    const user = userEvent.setup()
    const calls = stubFetch([])
    render(withQueryClient(<GeneratorFormDialog open onClose={() => {}} product={product} />))
    await user.type(screen.getByLabelText('Name'), 'Retail')
    await user.type(screen.getByLabelText(/Prefix/), 'PRO-')
    expect(screen.getByTestId('key-pattern')).toHaveTextContent('PRO-XXXXX-XXXXX-XXXXX-XXXXX')
    expect(screen.getByText(/100 random bits · 27 characters/)).toBeInTheDocument()

    await user.clear(screen.getByLabelText('Group length'))
    await user.type(screen.getByLabelText('Group length'), '2')
    await user.clear(screen.getByLabelText('Separator'))
    await user.type(screen.getByLabelText('Separator'), 'A')
    await user.click(screen.getByRole('button', { name: 'Create generator' }))
    expect(screen.getByLabelText('Separator')).toHaveAccessibleDescription(expect.stringContaining('not in the charset'))
    expect(calls).toHaveLength(0)

    await user.clear(screen.getByLabelText('Separator'))
    await user.type(screen.getByLabelText('Groups'), '{backspace}1')
    expect(screen.getByLabelText('Group length')).toHaveAccessibleDescription(expect.stringContaining('10 random bits, at least 40'))

    // UUIDs have no chunk fields to get wrong.
    await user.click(screen.getByRole('radio', { name: /UUID/ }))
    expect(screen.queryByLabelText('Group length')).not.toBeInTheDocument()
    expect(screen.getByTestId('key-pattern')).toHaveTextContent('PRO-xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx')
  })

  it('maps the server’s field errors onto the fields', async () => {
    const user = userEvent.setup()
    const calls = stubFetch([
      () =>
        jsonResponse(problem(422, 'validation_failed', 'The request has invalid fields.', { errors: { charset: ['must be at least 2 distinct printable ASCII characters'] } }), {
          status: 422,
        }),
    ])
    render(withQueryClient(<GeneratorFormDialog open onClose={() => {}} product={product} />))
    await user.type(screen.getByLabelText('Name'), 'Retail')
    await user.click(screen.getByRole('button', { name: 'Create generator' }))
    await waitFor(
      () => expect(screen.getByLabelText('Charset')).toHaveAccessibleDescription(expect.stringContaining('must be at least 2 distinct')),
      slow,
    )
    expect(screen.getByRole('alert')).toHaveTextContent('The request has invalid fields.')
    expect(calls[0]?.path).toBe('/api/v1/admin/products/p1/generators')
    expect(calls[0]?.body).toMatchObject({ name: 'Retail', format: 'chunks', chunk_count: 4, chunk_length: 5, separator: '-' })
  })
})
