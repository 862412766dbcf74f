import { FormField } from '@/components/ui/form-field'
import { Input } from '@/components/ui/input'
import { normalizeCode } from '@/lib/totp'

/** The 6-digit code from the authenticator app, digits only. */
export function TotpCodeField({
  value,
  onChange,
  errors,
  disabled = false,
}: {
  value: string
  onChange: (code: string) => void
  errors?: string[]
  disabled?: boolean
}) {
  return (
    <FormField label="Authentication code" errorSubject="The code" errors={errors} hint="The 6 digits your authenticator app shows now.">
      {(control) => (
        <Input
          {...control}
          autoFocus
          name="totp_code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          placeholder="123456"
          value={value}
          onChange={(e) => onChange(normalizeCode(e.target.value))}
          disabled={disabled}
          className="font-mono tracking-[0.3em]"
        />
      )}
    </FormField>
  )
}
