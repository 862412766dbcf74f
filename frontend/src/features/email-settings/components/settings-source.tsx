import { Database, FileText, Terminal } from 'lucide-react'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { RelativeTime } from '@/components/ui/relative-time'
import type { EmailSettings } from '../api/types'

/** Where the settings in effect come from, and what that means for the mails. */
export function SettingsSource({ settings }: { settings: EmailSettings }) {
  const server = settings.host ? `${settings.host}:${settings.port ?? ''}` : null
  if (settings.source === 'database') {
    return (
      <Alert variant="info" data-source="database">
        <Database aria-hidden="true" />
        <AlertTitle>Source: saved here</AlertTitle>
        <AlertDescription>
          Mails go through {server}, as saved on this page
          {settings.updated_at ? (
            <>
              {' '}
              (last changed <RelativeTime value={settings.updated_at} />)
            </>
          ) : null}
          . These settings take precedence over the <code className="font-mono">LATCHKEY_SMTP_URL</code> environment variable.
        </AlertDescription>
      </Alert>
    )
  }
  if (settings.source === 'environment') {
    return (
      <Alert variant="info" data-source="environment">
        <Terminal aria-hidden="true" />
        <AlertTitle>
          Source: from the environment variable <code className="font-mono">LATCHKEY_SMTP_URL</code>
        </AlertTitle>
        <AlertDescription>
          Mails go through {server}. Saving this form stores the settings here; from then on they take precedence over the
          variable.
        </AlertDescription>
      </Alert>
    )
  }
  return (
    <Alert data-source="none">
      <FileText aria-hidden="true" />
      <AlertTitle>
        Source: not configured: mails are written to <code className="font-mono">data/outbox</code>
      </AlertTitle>
      <AlertDescription>
        No SMTP server is set, so each mail is saved as an <code className="font-mono">.eml</code> file in the server’s data
        directory (<code className="font-mono">DATA_DIR/outbox/</code>) instead of being sent. Save an SMTP server below to send
        them.
      </AlertDescription>
    </Alert>
  )
}
