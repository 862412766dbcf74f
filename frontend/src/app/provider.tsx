import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import { Toaster } from '@/components/ui/toaster'
import { getCustomerSession, subscribePortalSession } from '@/lib/portal-session'
import { getSession, subscribeSession } from '@/lib/session'
import { createQueryClient } from './query-client'

/**
 * Calls `onChange` when the signed-in identity becomes a different one without a sign-in in
 * this tab (another tab signed in as someone else, and this tab took that session over).
 */
function watchIdentity(subscribe: (listener: () => void) => () => void, current: () => string | null, onChange: () => void) {
  let last = current()
  return subscribe(() => {
    const now = current()
    if (now === null) return
    if (last !== null && now !== last) onChange()
    last = now
  })
}

/** Nothing cached for one admin or customer may show for another. */
function useForgetOtherIdentities(queryClient: QueryClient) {
  useEffect(() => {
    const admin = watchIdentity(
      subscribeSession,
      () => getSession()?.admin.id ?? null,
      () => void queryClient.resetQueries({ queryKey: ['admin'] }),
    )
    const customer = watchIdentity(
      subscribePortalSession,
      () => getCustomerSession()?.customer?.id ?? null,
      () => void queryClient.resetQueries({ queryKey: ['portal'] }),
    )
    return () => {
      admin()
      customer()
    }
  }, [queryClient])
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient)
  useForgetOtherIdentities(queryClient)
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster />
    </QueryClientProvider>
  )
}
