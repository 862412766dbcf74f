import { useId } from 'react'
import { Checkbox } from '@/components/ui/checkbox'
import { keepActivationsHint } from '@/lib/activations'

export interface KeepActivationsFieldProps {
  checked: boolean
  onChange: (checked: boolean) => void
  /** The current owner's active devices and domains (all of them, for several licenses). */
  devices: number
  /** Several licenses, possibly of several owners (bulk assign). */
  several?: boolean
  disabled?: boolean
}

/**
 * "Keep the current activations" on a transfer (`keep_activations`, default off): off, the
 * earlier owner's devices are deactivated (reason `transferred`) so they no longer hold the
 * new owner's slots; on, for the same person under a new email address (seed workflow 4).
 * Show it only when the license already belongs to someone else.
 */
export function KeepActivationsField({ checked, onChange, devices, several = false, disabled }: KeepActivationsFieldProps) {
  const id = useId()
  return (
    <div className="flex items-start gap-2">
      <Checkbox
        id={id}
        className="mt-0.5"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
      />
      <div className="flex flex-col gap-0.5">
        <label htmlFor={id} className="text-sm font-medium">
          Keep the current activations
        </label>
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {keepActivationsHint(devices, several)}
        </p>
      </div>
    </div>
  )
}
