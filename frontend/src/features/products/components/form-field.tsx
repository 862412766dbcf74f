import type { ReactNode } from 'react'
import { FieldError } from '@/components/ui/field-error'
import { Label } from '@/components/ui/label'
import { cn } from '@/lib/utils'

export interface FormFieldProps {
  /** The control's id (its label points at it; hint and errors are `<id>-hint` / `<id>-error`). */
  id: string
  label: ReactNode
  hint?: ReactNode
  errors?: string[]
  /** "(optional)" after the label. */
  optional?: boolean
  className?: string
  children: ReactNode
}

/** Label, control, hint and field errors, stacked. Give the control `fieldAria(id, errors, hint)`. */
export function FormField({ id, label, hint, errors, optional = false, className, children }: FormFieldProps) {
  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      <Label htmlFor={id}>
        {label}
        {optional ? <span className="font-normal text-muted-foreground"> (optional)</span> : null}
      </Label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  )
}
