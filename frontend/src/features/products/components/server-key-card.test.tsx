import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Toaster } from '@/components/ui/toaster'
import { jsonResponse, stubFetch, withQueryClient } from '@/testing/utils'
import { ServerKeyCard } from './server-key-card'

const oldKey = {
  key_id: 'key-old',
  algorithm: 'ed25519',
  public_key: 'T0xELUtFWQ==',
  active: true,
  created_at: '2026-01-01T00:00:00Z',
  retired_at: null,
}
const newKey = { ...oldKey, key_id: 'key-new', public_key: 'TkVXLUtFWQ==', created_at: '2026-11-29T10:00:00Z' }

describe('ServerKeyCard', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('lists the published keys and rotates after confirmation', async () => {
    const user = userEvent.setup()
    const calls = stubFetch((request) =>
      request.method === 'POST'
        ? jsonResponse({ keys: [{ ...oldKey, active: false, retired_at: '2026-11-29T10:00:00Z' }, newKey] })
        : jsonResponse({ keys: [oldKey] }),
    )
    render(
      withQueryClient(
        <>
          <ServerKeyCard />
          <Toaster />
        </>,
      ),
    )
    const card = screen.getByRole('region', { name: 'Server signing key' })
    const list = await within(card).findByRole('list', { name: 'Server public keys' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(1)
    expect(list).toHaveTextContent('T0xELUtFWQ==')

    await user.click(within(card).getByRole('button', { name: 'Rotate' }))
    const dialog = screen.getByRole('dialog', { name: 'Rotate the server signing key?' })
    expect(dialog).toHaveTextContent('stays published at /api/v1/licensing/public-keys')
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    await user.click(within(dialog).getByRole('button', { name: 'Rotate server key' }))

    expect(await screen.findByText('Server signing key rotated. The previous key stays published.')).toBeInTheDocument()
    expect(calls.find((c) => c.method === 'POST')?.path).toBe('/api/v1/admin/server-key/rotate')
    const items = within(list).getAllByRole('listitem')
    expect(items).toHaveLength(2)
    expect(items[0]).toHaveTextContent('Active')
    expect(items[0]).toHaveTextContent('TkVXLUtFWQ==')
    expect(items[1]).toHaveTextContent('Retired')
  })
})
