import { renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'
import { describe, expect, it } from 'vitest'
import { useLinkToken } from './use-link-token'

describe('useLinkToken', () => {
  it('takes the token from the fragment and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/portal/reset-password#token=abc-123')
    const wrapper = ({ children }: { children: ReactNode }) => (
      <MemoryRouter initialEntries={['/portal/reset-password#token=abc-123']}>{children}</MemoryRouter>
    )
    const { result, rerender } = renderHook(() => useLinkToken(), { wrapper })
    expect(result.current).toBe('abc-123')
    expect(window.location.hash).toBe('')
    expect(window.location.pathname).toBe('/portal/reset-password')
    rerender()
    expect(result.current).toBe('abc-123')
  })
})
