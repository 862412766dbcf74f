import type { EmailSettings, TlsMode, UpdateEmailSettingsRequest } from '../api/types'

/** The form's text fields, as typed. */
export interface SettingsFormValues {
  host: string
  port: string
  username: string
  tls: TlsMode
  from_address: string
  from_name: string
}

/**
 * What happens to the saved password on save: `keep` leaves `password` out of the body,
 * `replace` sends the typed one, `remove` sends `null`.
 */
export type PasswordChange = { kind: 'keep' } | { kind: 'replace'; value: string } | { kind: 'remove' }

/** The password field's state as the change to send: typing replaces, "Remove password" removes, nothing keeps. */
export function passwordChange(typed: string, removing: boolean): PasswordChange {
  if (removing) return { kind: 'remove' }
  return typed ? { kind: 'replace', value: typed } : { kind: 'keep' }
}

export const TLS_MODES = ['starttls', 'tls', 'none'] as const satisfies readonly TlsMode[]

export const TLS_LABELS: Record<TlsMode, string> = {
  starttls: 'STARTTLS (usually port 587)',
  tls: 'TLS from the first byte, SMTPS (usually port 465)',
  none: 'None: plain text (port 25 or a local relay)',
}

/** The port each mode conventionally uses. */
export const STANDARD_PORTS: Record<TlsMode, number> = { starttls: 587, tls: 465, none: 25 }

/** The form filled from the settings in effect; without any, the usual submission setup. */
export function initialValues(settings: EmailSettings): SettingsFormValues {
  const tls = settings.tls ?? 'starttls'
  return {
    host: settings.host ?? '',
    port: String(settings.port ?? STANDARD_PORTS[tls]),
    username: settings.username ?? '',
    tls,
    from_address: settings.from_address,
    from_name: settings.from_name ?? '',
  }
}

/**
 * Switching the TLS mode moves a conventional port along (587 → 465); a port someone
 * chose on purpose stays.
 */
export function portForTls(port: string, from: TlsMode, to: TlsMode): string {
  return port.trim() === '' || port.trim() === String(STANDARD_PORTS[from]) ? String(STANDARD_PORTS[to]) : port
}

/** Field errors the server cannot give because the value never reaches it as a number. */
export function localErrors(values: SettingsFormValues): Record<string, string[]> {
  return /^\s*\d{1,5}\s*$/.test(values.port) ? {} : { port: ['must be a whole number from 1 to 65535'] }
}

/** The PUT body: blank optional fields become null; the password only as `change` says. */
export function toUpdateRequest(values: SettingsFormValues, change: PasswordChange): UpdateEmailSettingsRequest {
  const body: UpdateEmailSettingsRequest = {
    host: values.host.trim(),
    port: Number(values.port.trim()),
    username: values.username.trim() || null,
    tls: values.tls,
    from_address: values.from_address.trim(),
    from_name: values.from_name.trim() || null,
  }
  if (change.kind === 'replace') body.password = change.value
  if (change.kind === 'remove') body.password = null
  return body
}

/** Whether saving would change anything (the test email uses the saved settings, not the form). */
export function isDirty(values: SettingsFormValues, initial: SettingsFormValues, change: PasswordChange): boolean {
  return change.kind !== 'keep' || (Object.keys(values) as (keyof SettingsFormValues)[]).some((k) => values[k] !== initial[k])
}
