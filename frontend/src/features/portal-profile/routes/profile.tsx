import { Eye } from 'lucide-react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { PageSkeleton } from '@/components/ui/skeleton'
import { YesNo } from '@/components/domain/yes-no'
import { usePortalMe, usePortalReadOnly } from '@/hooks/use-portal-session'
import { formatDateTime } from '@/lib/dates'
import { ChangePasswordForm } from '@/components/domain/change-password-form'
import { useChangePortalPassword } from '../api/change-password'
import { DataExportCard } from '../components/data-export-card'
import { NameForm } from '../components/name-form'
import { PortalTwoFactorCard } from '../components/two-factor-card'

/** `/portal/profile`: name, password, two-factor authentication and the data export. */
export function PortalProfilePage() {
  const me = usePortalMe()
  const readOnly = usePortalReadOnly()
  const changePassword = useChangePortalPassword()

  if (me.isError && !me.data) return <ErrorState error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
  if (!me.data) return <PageSkeleton />
  const account = me.data

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Profile & security" description="Your account, password and sign-in protection." />
      {readOnly ? (
        <Alert>
          <Eye aria-hidden="true" />
          <AlertDescription>This is a read-only view: nothing on this page can be changed.</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Account</CardTitle>
            <CardDescription>Your email address is your account; ask the vendor to change it.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <DescriptionList>
              <DescriptionItem label="Email">{account.email}</DescriptionItem>
              <DescriptionItem label="Email verified">
                <YesNo value={account.email_verified} />
              </DescriptionItem>
              <DescriptionItem label="Last sign-in">{account.last_login_at ? formatDateTime(account.last_login_at) : 'Never'}</DescriptionItem>
            </DescriptionList>
            <fieldset disabled={readOnly} className="contents">
              <NameForm key={account.name ?? ''} name={account.name} />
            </fieldset>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
            <CardDescription>Use one you do not use anywhere else.</CardDescription>
          </CardHeader>
          <CardContent>
            <fieldset disabled={readOnly} className="contents">
              <ChangePasswordForm email={account.email} change={changePassword} />
            </fieldset>
          </CardContent>
        </Card>
        <fieldset disabled={readOnly} className="contents">
          <PortalTwoFactorCard enabled={account.two_factor_enabled} />
        </fieldset>
        <DataExportCard />
      </div>
    </div>
  )
}
