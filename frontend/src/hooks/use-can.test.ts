import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { clearSession, sessionFromTokens, setSession } from '@/lib/session'
import { makeAdmin, makeTokens } from '@/testing/utils'
import { useCan } from './use-can'

describe('useCan', () => {
  it('compares the signed-in role with the ranks and follows the session', () => {
    setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role: 'operator' }) })))
    const { result } = renderHook(() => [useCan('viewer'), useCan('operator'), useCan('admin'), useCan('super_admin')])
    expect(result.current).toEqual([true, true, false, false])

    act(() => setSession(sessionFromTokens(makeTokens({ admin: makeAdmin({ role: 'super_admin' }) }))))
    expect(result.current).toEqual([true, true, true, true])

    act(() => clearSession())
    expect(result.current).toEqual([false, false, false, false])
  })
})
