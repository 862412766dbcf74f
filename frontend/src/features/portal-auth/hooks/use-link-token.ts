import { useEffect, useState } from 'react'
import { useLocation } from 'react-router'
import { fragmentParam } from '@/lib/portal-session'

/**
 * The token of a mailed link (`#token=…`), taken once; the fragment then leaves the address
 * bar and this history entry at once, so an opened but unused link does not linger in the
 * browser's history. (Browsers never send fragments to servers.)
 */
export function useLinkToken(): string | null {
  const location = useLocation()
  const [token] = useState(() => fragmentParam(location.hash, 'token'))
  useEffect(() => {
    if (window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    }
  }, [])
  return token
}
