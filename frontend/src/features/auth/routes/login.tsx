import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { Brand } from '@/components/layout/brand'
import { ThemeToggle } from '@/components/layout/theme-toggle'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { safeReturnPath } from '@/lib/auth-redirect'
import { LoginForm } from '../components/login-form'
import { SessionRestoring } from '../components/require-auth'
import { useRestoredSession } from '../lib/use-session'

/** `/admin/login` */
export function LoginPage() {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const { session, restoring } = useRestoredSession()
  const returnTo = safeReturnPath(params.get('return'))

  // Signed in already (this tab, or the refresh cookie of an earlier visit): go on.
  if (restoring) return <SessionRestoring />
  if (session) return <Navigate to={returnTo} replace />

  return (
    <div className="flex min-h-dvh flex-col bg-muted/40">
      <div className="flex justify-end p-4">
        <ThemeToggle />
      </div>
      <main className="flex flex-1 flex-col items-center justify-center gap-6 px-4 pb-16">
        <Brand className="text-lg" />
        <Card className="w-full max-w-sm">
          <CardHeader>
            <CardTitle as="h1">Sign in</CardTitle>
            <CardDescription>Sign in to the Latchkey admin portal.</CardDescription>
          </CardHeader>
          <CardContent>
            <LoginForm onSuccess={() => navigate(returnTo, { replace: true })} />
          </CardContent>
        </Card>
      </main>
    </div>
  )
}
