import { useEffect, useSyncExternalStore } from 'react'
import { restoreSession } from '@/lib/api-client'
import { getRestoreState, getSession, subscribeSession, type Session } from '@/lib/session'

/** The signed-in admin's session (access token + profile, in memory), re-rendering when it changes. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession)
}

/**
 * The session, restored from the refresh cookie on a page load's first use: `restoring`
 * stays true (show the loading state, not the login page) until that renewal answers.
 */
export function useRestoredSession(): { session: Session | null; restoring: boolean } {
  const session = useSession()
  const state = useSyncExternalStore(subscribeSession, getRestoreState, getRestoreState)
  useEffect(() => {
    if (state === 'pending') void restoreSession()
  }, [state])
  return { session, restoring: session === null && state !== 'done' }
}
