import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { PORTAL_QUERY_ROOT, portalMeKey } from '@/hooks/use-portal-session'
import { setPortalSession } from '@/lib/portal-session'
import type { PortalTokenResponse } from './types'

/**
 * Keeps the session a sign-in answered with (password, invitation or magic link) in memory
 * and hands it to the other tabs; the refresh token came in the HttpOnly cookie. Nothing
 * cached for a previous customer may leak into it, nor any password in the mutation cache.
 */
export function useStartPortalSession() {
  const queryClient = useQueryClient()
  return useCallback(
    (tokens: PortalTokenResponse) => {
      queryClient.removeQueries({ queryKey: PORTAL_QUERY_ROOT })
      queryClient.getMutationCache().clear()
      setPortalSession(tokens.access_token, tokens.customer, { share: true })
      queryClient.setQueryData(portalMeKey, tokens.customer)
    },
    [queryClient],
  )
}
