import { useEffect, useState } from 'react'
import { createBrowserRouter, RouterProvider } from 'react-router'
import { setSessionExpiredHandler } from '@/lib/api-client'
import { LOGIN_PATH, loginPath } from '@/lib/auth-redirect'
import { routes } from './routes'

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes))

  // When the API client cannot renew the session, go to the login page inside the SPA.
  useEffect(() => {
    setSessionExpiredHandler((returnTo) => {
      if (router.state.location.pathname === LOGIN_PATH) return
      void router.navigate(loginPath(returnTo), { replace: true })
    })
    return () => setSessionExpiredHandler(null)
  }, [router])

  return <RouterProvider router={router} />
}
