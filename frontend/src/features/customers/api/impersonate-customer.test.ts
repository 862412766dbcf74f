import { describe, expect, it } from 'vitest'
import type { Impersonation } from '../lib/types'
import { impersonationUrl } from './impersonate-customer'

describe('impersonationUrl', () => {
  const session: Impersonation = {
    token: 'tok.en-1',
    token_type: 'Bearer',
    expires_at: '2026-11-29T18:30:00Z',
    expires_in: 900,
    customer_id: '01936f4e-9999-7cc0-8a55-0d4e3b1f2a10',
    read_only: true,
    portal_url: '/portal?impersonation=1',
  }

  it('keeps the token in the fragment, which browsers never send to a server', () => {
    const url = impersonationUrl(session, 'https://licenses.example.com')
    expect(url).toBe('/portal?impersonation=1#impersonation_token=tok.en-1')
    expect(url.split('#')[0]).not.toContain('tok.en-1')
  })

  it('gives a full address when the portal is on another origin', () => {
    const url = impersonationUrl({ ...session, portal_url: 'https://portal.example.com/portal' }, 'https://admin.example.com')
    expect(url).toBe('https://portal.example.com/portal#impersonation_token=tok.en-1')
  })
})
