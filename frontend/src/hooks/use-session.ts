import { useSyncExternalStore } from 'react'
import { getSession, subscribeSession, type Session } from '@/lib/session'

/** The signed-in admin's session (tokens + profile), re-rendering when it changes. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession)
}
