import { useId, type ReactNode } from 'react'
import { cn } from '@/lib/utils'
import { FieldError } from './field-error'
import { Label } from './label'

/** The props a FormField hands to its control, wiring the label, hint and errors. */
export interface FieldControlProps {
  id: string
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
}

export interface FormFieldProps {
  /** The control's id; default a generated one. Give one when something else points at the control. */
  id?: string
  /** The visible label (also the control's accessible name). */
  label: ReactNode
  /**
   * The server's messages for this field (`ApiError.fieldErrors[name]`, e.g. "is
   * incorrect"); each is shown after `errorSubject` ("Current password is incorrect").
   */
  errors?: string[]
  /** How messages refer to the field; default the label when it is a string. */
  errorSubject?: string
  /** One line of help under the control. */
  hint?: ReactNode
  /** Adds "(optional)" after the label. */
  optional?: boolean
  /** Renders the control with the given id and ARIA attributes. */
  children: (control: FieldControlProps) => ReactNode
  className?: string
}

/**
 * "is incorrect" → "Current password is incorrect"; messages that already start with a
 * capital letter are kept as they are.
 */
function phraseFieldMessage(subject: string | undefined, message: string): string {
  const text = message.trim()
  if (!subject || /^[A-Z]/.test(text)) return text
  return `${subject} ${text}`
}

/** A labelled form control with an optional hint and the server's field errors under it. */
export function FormField({ id: fixedId, label, errors, errorSubject, hint, optional = false, children, className }: FormFieldProps) {
  const generatedId = useId()
  const id = fixedId ?? generatedId
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const subject = errorSubject ?? (typeof label === 'string' ? label : undefined)
  const messages = errors?.length ? errors.map((m) => phraseFieldMessage(subject, m)) : undefined
  const describedBy = [hint ? hintId : null, messages ? errorId : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={cn('flex flex-col gap-2', className)}>
      <Label htmlFor={id}>
        {label}
        {optional ? <span className="font-normal text-muted-foreground"> (optional)</span> : null}
      </Label>
      {children({ id, 'aria-invalid': messages ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} messages={messages} />
    </div>
  )
}
