import { Mail, Send } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { RequireRole } from '@/components/layout/require-role'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { ErrorState } from '@/components/ui/error-state'
import { PageHeader } from '@/components/ui/page-header'
import { PageSkeleton } from '@/components/ui/skeleton'
import { useSession } from '@/hooks/use-session'
import { useEmailSettings } from '../api/get-email-settings'
import { SettingsForm } from '../components/settings-form'
import { SettingsSource } from '../components/settings-source'
import { TestEmailDialog } from '../components/test-email-dialog'

/** `/admin/settings/email` (super admins): the SMTP server customer mail goes through, and a test send. */
export function EmailSettingsPage() {
  return (
    <RequireRole min="super_admin">
      <EmailSettings />
    </RequireRole>
  )
}

function EmailSettings() {
  const settings = useEmailSettings()
  const me = useSession()?.admin
  const [testing, setTesting] = useState(false)
  // Dirty for one saved version only: a save gives a new version, a fresh form, nothing unsaved.
  const [dirtyVersion, setDirtyVersion] = useState<string | null>(null)

  const header = (
    <PageHeader
      title="Email settings"
      description="The SMTP server that invitations, sign-in links, password resets and security alerts are sent through."
      actions={
        <>
          <Link to="/admin/emails" className={buttonVariants({ variant: 'outline' })}>
            <Mail aria-hidden="true" />
            View emails
          </Link>
          <Button onClick={() => setTesting(true)} disabled={!settings.data}>
            <Send aria-hidden="true" />
            Send test email
          </Button>
        </>
      }
    />
  )

  if (!settings.data) {
    return (
      <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
        {header}
        {settings.isError ? (
          <ErrorState
            title="Could not load the email settings"
            error={settings.error}
            onRetry={() => void settings.refetch()}
            retrying={settings.isFetching}
          />
        ) : (
          <PageSkeleton label="Loading email settings" />
        )}
      </div>
    )
  }

  const version = settings.data.updated_at ?? settings.data.source
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      {header}
      <SettingsSource settings={settings.data} />
      <SettingsForm key={version} settings={settings.data} onDirtyChange={(dirty) => setDirtyVersion(dirty ? version : null)} />
      <TestEmailDialog open={testing} onClose={() => setTesting(false)} defaultTo={me?.email ?? ''} unsaved={dirtyVersion === version} />
    </div>
  )
}
