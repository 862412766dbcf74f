import { useQuery } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { getSession, sessionFromTokens, setSession } from '@/lib/session'
import { otherTab } from '@/testing/broadcast-channel'
import { makeAdmin, makeTokens } from '@/testing/utils'
import { AppProvider } from './provider'

function WhoAmI() {
  const query = useQuery({ queryKey: ['admin', 'who'], queryFn: async () => getSession()?.admin.email ?? 'nobody', staleTime: Infinity })
  return <p>{query.data ?? 'loading'}</p>
}

describe('AppProvider', () => {
  it('forgets what it cached for one admin when another tab signs in as someone else', async () => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ id: 'a-1', email: 'ada@example.com' }) })))
    render(
      <AppProvider>
        <WhoAmI />
      </AppProvider>,
    )
    expect(await screen.findByText('ada@example.com')).toBeInTheDocument()

    const tab = otherTab('latchkey-admin-session')
    // The same admin renewing keeps the cache…
    tab.post({ type: 'session', session: sessionFromTokens(makeTokens({ access_token: 'access-2', admin: makeAdmin({ id: 'a-1', email: 'ada@example.com' }) })) })
    await vi.waitFor(() => expect(getSession()?.access_token).toBe('access-2'))
    expect(screen.getByText('ada@example.com')).toBeInTheDocument()

    // …another admin does not.
    tab.post({ type: 'session', session: sessionFromTokens(makeTokens({ access_token: 'access-3', admin: makeAdmin({ id: 'a-2', email: 'grace@example.com' }) })) })
    expect(await screen.findByText('grace@example.com')).toBeInTheDocument()
    tab.close()
  })
})
