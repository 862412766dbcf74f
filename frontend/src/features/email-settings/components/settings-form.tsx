import { CircleAlert } from 'lucide-react'
import { useState, type FormEvent, type ReactNode } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { Select } from '@/components/ui/select'
import { Spinner } from '@/components/ui/spinner'
import { ApiError, errorMessage } from '@/lib/problem'
import { useUpdateEmailSettings } from '../api/update-email-settings'
import type { EmailSettings, TlsMode } from '../api/types'
import {
  initialValues,
  isDirty,
  localErrors,
  passwordChange,
  portForTls,
  TLS_LABELS,
  TLS_MODES,
  toUpdateRequest,
  type SettingsFormValues,
} from '../lib/settings-form'

const FIELDS = ['host', 'port', 'username', 'password', 'tls', 'from_address', 'from_name'] as const

export interface SettingsFormProps {
  settings: EmailSettings
  /** Tells the page whether there are unsaved changes (the test email uses the saved settings). */
  onDirtyChange: (dirty: boolean) => void
}

/**
 * The SMTP server form. The password is write-only: the server only says whether one is
 * saved; the field stays empty, and leaving it empty keeps the saved one.
 */
export function SettingsForm({ settings, onDirtyChange }: SettingsFormProps) {
  const initial = initialValues(settings)
  const [values, setValues] = useState<SettingsFormValues>(initial)
  const [password, setPassword] = useState('')
  const [removing, setRemoving] = useState(false)
  const [local, setLocal] = useState<Record<string, string[]>>({})
  const update = useUpdateEmailSettings()

  const change = passwordChange(password, removing)
  const server = update.error instanceof ApiError ? update.error.fieldErrors : {}
  const errorsFor = (field: (typeof FIELDS)[number]) => local[field] ?? server[field]
  // A refusal that names no field of this form is shown above it.
  const generalError = update.error && !FIELDS.some((f) => server[f]) ? errorMessage(update.error) : null

  const edit = (patch: Partial<SettingsFormValues>, pw: { password?: string; removing?: boolean } = {}) => {
    const next = { ...values, ...patch }
    const nextPassword = pw.password ?? password
    const nextRemoving = pw.removing ?? removing
    setValues(next)
    setPassword(nextPassword)
    setRemoving(nextRemoving)
    onDirtyChange(isDirty(next, initial, passwordChange(nextPassword, nextRemoving)))
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (update.isPending) return
    const problems = localErrors(values)
    setLocal(problems)
    if (Object.keys(problems).length > 0) return
    update.mutate(toUpdateRequest(values, change))
  }

  const disabled = update.isPending
  const savedHere = settings.source === 'database'

  let passwordHint: ReactNode
  if (removing) {
    passwordHint = (
      <>
        <Badge variant="warning">Removed on save</Badge> The saved password is deleted when you save.
      </>
    )
  } else if (settings.password_set && savedHere && !password && !values.username.trim()) {
    // The server keeps a saved password only together with a username.
    passwordHint = (
      <>
        <Badge variant="warning">Removed on save</Badge> Without a username the saved password is deleted when you save.
      </>
    )
  } else if (settings.password_set && savedHere) {
    passwordHint = (
      <>
        <Badge variant="success">Saved</Badge> It is never shown. Leave this empty to keep it, or type a new one to replace it.
      </>
    )
  } else if (settings.password_set) {
    passwordHint = (
      <>
        <Badge variant="secondary">Set in LATCHKEY_SMTP_URL</Badge> Saving here does not copy it: type it again.
      </>
    )
  } else {
    passwordHint = (
      <>
        <Badge variant="muted">Not set</Badge> Only needed when the server asks for a sign-in.
      </>
    )
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>SMTP server</CardTitle>
        <CardDescription>Changes apply to the next mails sent, without a restart. Every save is recorded in the audit log.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} noValidate aria-label="SMTP server" aria-busy={disabled} className="flex flex-col gap-4">
          {generalError ? (
            <Alert variant="destructive">
              <CircleAlert aria-hidden="true" />
              <AlertDescription>{generalError}</AlertDescription>
            </Alert>
          ) : null}
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_8rem]">
            <FormField label="Host" errors={errorsFor('host')} hint="Host name or IP address, e.g. smtp.example.com.">
              {(control) => (
                <Input
                  {...control}
                  value={values.host}
                  onChange={(e) => edit({ host: e.target.value })}
                  autoComplete="off"
                  spellCheck={false}
                  disabled={disabled}
                />
              )}
            </FormField>
            <FormField label="Port" errors={errorsFor('port')}>
              {(control) => (
                <Input
                  {...control}
                  inputMode="numeric"
                  value={values.port}
                  onChange={(e) => edit({ port: e.target.value })}
                  autoComplete="off"
                  disabled={disabled}
                />
              )}
            </FormField>
          </div>
          <FormField label="Security" errorSubject="Security" errors={errorsFor('tls')}>
            {(control) => (
              <Select
                {...control}
                value={values.tls}
                onChange={(e) => {
                  const tls = e.target.value as TlsMode
                  edit({ tls, port: portForTls(values.port, values.tls, tls) })
                }}
                disabled={disabled}
              >
                {TLS_MODES.map((mode) => (
                  <option key={mode} value={mode}>
                    {TLS_LABELS[mode]}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <FormField label="Username" optional errors={errorsFor('username')}>
              {(control) => (
                <Input
                  {...control}
                  value={values.username}
                  onChange={(e) => edit({ username: e.target.value })}
                  autoComplete="off"
                  spellCheck={false}
                  disabled={disabled}
                />
              )}
            </FormField>
            <FormField label="Password" optional errors={errorsFor('password')} hint={passwordHint}>
              {(control) => (
                <div className="flex gap-2">
                  <Input
                    {...control}
                    type="password"
                    value={removing ? '' : password}
                    onChange={(e) => edit({}, { password: e.target.value })}
                    placeholder={removing ? 'Will be removed' : settings.password_set && savedHere ? '•••••••• (saved)' : ''}
                    // A password manager must not fill in the admin's own sign-in here.
                    autoComplete="new-password"
                    disabled={disabled || removing}
                  />
                  {removing ? (
                    <Button variant="outline" onClick={() => edit({}, { removing: false })} disabled={disabled}>
                      Keep password
                    </Button>
                  ) : settings.password_set && savedHere ? (
                    <Button variant="outline" className="text-destructive" onClick={() => edit({}, { password: '', removing: true })} disabled={disabled}>
                      Remove password
                    </Button>
                  ) : null}
                </div>
              )}
            </FormField>
          </div>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <FormField label="From address" errors={errorsFor('from_address')} hint="The sender of every mail; use an address your SMTP server may send as.">
              {(control) => (
                <Input
                  {...control}
                  type="email"
                  value={values.from_address}
                  onChange={(e) => edit({ from_address: e.target.value })}
                  autoComplete="off"
                  spellCheck={false}
                  disabled={disabled}
                />
              )}
            </FormField>
            <FormField label="From name" optional errors={errorsFor('from_name')} hint="Shown by mail programs, e.g. “Acme Licensing”.">
              {(control) => (
                <Input {...control} value={values.from_name} onChange={(e) => edit({ from_name: e.target.value })} autoComplete="off" disabled={disabled} />
              )}
            </FormField>
          </div>
          <div className="flex justify-end">
            <Button type="submit" disabled={disabled}>
              {disabled ? <Spinner label="Saving" /> : null}
              Save settings
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  )
}
