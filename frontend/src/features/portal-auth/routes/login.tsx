import { CircleCheck, Info } from 'lucide-react'
import { useState } from 'react'
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { PageSpinner } from '@/components/ui/spinner'
import { useRestoredPortalSession } from '@/hooks/use-portal-session'
import { safePortalReturn, type PortalLoginState, type PortalSessionEndReason } from '@/lib/portal-session'
import { AuthCard } from '../components/auth-card'
import { MagicLinkRequestForm } from '../components/magic-link-request-form'
import { PortalLoginForm } from '../components/portal-login-form'

const NOTICES: Partial<Record<PortalSessionEndReason, { text: string; success?: boolean }>> = {
  expired: { text: 'Your session ended. Sign in again to continue.' },
  impersonation_expired: { text: 'The read-only view as this customer ended. Open it again from the admin portal.' },
  password_reset: { text: 'Your password was changed and every session signed out. Sign in with the new password.', success: true },
}

/** `/portal/login` (`?mode=magic-link` opens the sign-in link form). */
export function PortalLoginPage() {
  const { session, restoring } = useRestoredPortalSession()
  const navigate = useNavigate()
  const location = useLocation()
  const [params] = useSearchParams()
  const state = (location.state ?? {}) as PortalLoginState
  const [mode, setMode] = useState<'password' | 'magic-link'>(params.get('mode') === 'magic-link' ? 'magic-link' : 'password')
  const [email, setEmail] = useState('')
  const returnTo = safePortalReturn(state.from)

  // Signed in already (this tab, or the refresh cookie of an earlier visit): go on.
  if (restoring) return <PageSpinner label="Loading" />
  if (session) return <Navigate to={returnTo} replace />

  const notice = state.notice ? NOTICES[state.notice] : undefined

  return (
    <AuthCard
      title={mode === 'password' ? 'Sign in' : 'Sign in with an email link'}
      description="Sign in to see your licenses and devices."
    >
      <div className="flex flex-col gap-4">
        {notice ? (
          <Alert variant={notice.success ? 'info' : 'default'}>
            {notice.success ? <CircleCheck aria-hidden="true" /> : <Info aria-hidden="true" />}
            <AlertDescription>{notice.text}</AlertDescription>
          </Alert>
        ) : null}
        {mode === 'password' ? (
          <PortalLoginForm
            onSuccess={() => navigate(returnTo, { replace: true })}
            onUseMagicLink={(typed) => {
              setEmail(typed)
              setMode('magic-link')
            }}
          />
        ) : (
          <MagicLinkRequestForm initialEmail={email} onUsePassword={() => setMode('password')} />
        )}
      </div>
    </AuthCard>
  )
}
