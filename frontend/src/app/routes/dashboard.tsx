import { CircleAlert } from 'lucide-react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { PageSpinner } from '@/components/ui/spinner'
import { useMe } from '@/api/me/get-me'
import { DashboardPage } from '@/features/dashboard'
import { errorMessage } from '@/lib/problem'

/** `/admin`: feeds the signed-in admin to the dashboard feature. */
export function DashboardRoute() {
  const me = useMe({ staleTime: 60_000 })
  if (me.data) return <DashboardPage admin={me.data} />
  if (me.isError) {
    return (
      <Alert variant="destructive" className="max-w-xl">
        <CircleAlert aria-hidden="true" />
        <AlertDescription>{errorMessage(me.error)}</AlertDescription>
      </Alert>
    )
  }
  return <PageSpinner label="Loading dashboard" />
}
