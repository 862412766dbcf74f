import { QueryClientProvider, useMutation, type QueryClient } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clearSession, sessionFromTokens, setSession } from '@/lib/session'
import { createTestQueryClient, jsonResponse, makeTokens, stubFetch } from '@/testing/utils'
import { useLogin } from './login'
import { useLogout } from './logout'

function wrapperFor(client: QueryClient) {
  return ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>
}

/** Everything the mutation cache still holds (variables and results), as text. */
const cached = (client: QueryClient) =>
  JSON.stringify(client.getMutationCache().getAll().map((m) => [m.state.variables, m.state.data]))

describe('secrets in the mutation cache', () => {
  afterEach(() => {
    clearSession('logout')
    vi.unstubAllGlobals()
  })

  it('signing in drops earlier mutations and keeps no password, code or token once done', async () => {
    const client = createTestQueryClient()
    const { result, unmount } = renderHook(
      () => ({ login: useLogin(), other: useMutation({ mutationFn: async (secret: string) => secret }) }),
      { wrapper: wrapperFor(client) },
    )
    await act(() => result.current.other.mutateAsync('generated-password-of-someone-else'))
    expect(cached(client)).toContain('generated-password-of-someone-else')

    stubFetch(() => jsonResponse(makeTokens({ access_token: 'access-secret' })))
    await act(() => result.current.login.mutateAsync({ email: 'a@example.com', password: 'hunter2-password', totp_code: '123456' }))
    expect(cached(client)).not.toContain('generated-password-of-someone-else')
    unmount()
    expect(cached(client)).not.toContain('hunter2-password')
    expect(cached(client)).not.toContain('access-secret')
  })

  it('signing out clears the mutation cache', async () => {
    setSession(sessionFromTokens(makeTokens()))
    const client = createTestQueryClient()
    const { result } = renderHook(() => ({ logout: useLogout(), other: useMutation({ mutationFn: async (s: string) => s }) }), {
      wrapper: wrapperFor(client),
    })
    await act(() => result.current.other.mutateAsync('typed-password'))
    stubFetch(() => new Response(null, { status: 204 }))
    await act(() => result.current.logout.mutateAsync())
    expect(cached(client)).not.toContain('typed-password')
  })
})
