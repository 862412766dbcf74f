import type { ReactNode } from 'react'
import { FieldError } from '@/components/ui/field-error'
import { Label } from '@/components/ui/label'
import { cn } from '@/lib/utils'
import { errorId, hintId } from '../lib/form-ids'

export interface FormFieldProps {
  /** The control's id (the label points at it). */
  id: string
  label: ReactNode
  /** "(optional)" after the label. */
  optional?: boolean
  /** Help under the control; give the control `aria-describedby={hintId(id)}`. */
  hint?: ReactNode
  /** Messages from the server (ApiError.fieldErrors) or local checks; link with `errorId(id)`. */
  errors?: string[]
  className?: string
  children: ReactNode
}

/** Label, control, hint and field errors, stacked. */
export function FormField({ id, label, optional = false, hint, errors, className, children }: FormFieldProps) {
  return (
    <div className={cn('flex flex-col gap-2', className)}>
      <Label htmlFor={id}>
        {label}
        {optional ? <span className="font-normal text-muted-foreground"> (optional)</span> : null}
      </Label>
      {children}
      {hint ? (
        <p id={hintId(id)} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId(id)} messages={errors} />
    </div>
  )
}
