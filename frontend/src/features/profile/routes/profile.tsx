import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { PageSkeleton } from '@/components/ui/skeleton'
import { ChangePasswordForm } from '@/components/domain/change-password-form'
import { useChangePassword } from '../api/change-password'
import { useMe } from '@/api/me/get-me'
import { ProfileDetails } from '../components/profile-details'
import { AdminTwoFactorCard } from '../components/two-factor-card'

/** `/admin/profile`: your details, password and two-factor authentication. */
export function ProfilePage() {
  const me = useMe()
  const changePassword = useChangePassword()
  const admin = me.data

  if (!admin) {
    if (me.isError) {
      return (
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
          <PageHeader title="Profile" />
          <ErrorState title="Could not load your account" error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
        </div>
      )
    }
    return <PageSkeleton label="Loading your account" />
  }

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      <PageHeader title="Profile" description="Your account, password and sign-in security." />
      <ProfileDetails admin={admin} />
      <Card>
        <CardHeader>
          <CardTitle>Change password</CardTitle>
          <CardDescription>Use a long, unique password, ideally from a password manager.</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm email={admin.email} change={changePassword} />
        </CardContent>
      </Card>
      <AdminTwoFactorCard enabled={admin.two_factor_enabled} />
    </div>
  )
}
