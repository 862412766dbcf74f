import { Badge } from '@/components/ui/badge'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list'
import { formatDate, formatDateTime, formatRelative } from '@/lib/dates'
import { roleLabel } from '@/lib/roles'
import type { Admin } from '../lib/types'

const ROLE_SUMMARY: Record<string, string> = {
  viewer: 'You can read everything but change nothing.',
  operator: 'You can assign, transfer, suspend and reinstate licenses and deactivate devices.',
  admin: 'You can manage products, licenses, customers and API keys.',
  super_admin: 'You can do everything, including managing admins and signing keys.',
}

/** Your account as the server knows it (a super admin changes name and role on the Admins page). */
export function ProfileDetails({ admin }: { admin: Admin }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your details</CardTitle>
        <CardDescription>Your email cannot change; a super admin can change your name and role.</CardDescription>
      </CardHeader>
      <CardContent>
        <DescriptionList>
          <DescriptionItem label="Name">{admin.name || <span className="text-muted-foreground">Not set</span>}</DescriptionItem>
          <DescriptionItem label="Email">{admin.email}</DescriptionItem>
          <DescriptionItem label="Role">
            <div className="flex flex-col gap-1">
              <Badge variant="secondary">{roleLabel(admin.role)}</Badge>
              <span className="text-xs font-normal text-muted-foreground">{ROLE_SUMMARY[admin.role]}</span>
            </div>
          </DescriptionItem>
          <DescriptionItem label="Status">
            {admin.status === 'active' ? <Badge variant="success">Active</Badge> : <Badge variant="muted">Inactive</Badge>}
          </DescriptionItem>
          <DescriptionItem label="Last sign-in">
            {admin.last_login_at ? (
              <time dateTime={admin.last_login_at} title={formatDateTime(admin.last_login_at)}>
                {formatDateTime(admin.last_login_at)} ({formatRelative(admin.last_login_at)})
              </time>
            ) : (
              'Never'
            )}
          </DescriptionItem>
          <DescriptionItem label="Admin since">
            <time dateTime={admin.created_at} title={formatDateTime(admin.created_at)}>
              {formatDate(admin.created_at)}
            </time>
          </DescriptionItem>
        </DescriptionList>
      </CardContent>
    </Card>
  )
}
