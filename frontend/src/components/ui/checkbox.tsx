import { useEffect, useRef, type ComponentProps } from 'react'
import { cn } from '@/lib/utils'

export interface CheckboxProps extends Omit<ComponentProps<'input'>, 'type'> {
  /** The "some selected" state of a select-all box. */
  indeterminate?: boolean
}

/** A native checkbox in the theme's colours; supports `indeterminate` for select-all headers. */
export function Checkbox({ className, indeterminate = false, ref, ...props }: CheckboxProps) {
  const inner = useRef<HTMLInputElement | null>(null)
  useEffect(() => {
    if (inner.current) inner.current.indeterminate = indeterminate
  }, [indeterminate])
  return (
    <input
      type="checkbox"
      ref={(node) => {
        inner.current = node
        if (typeof ref === 'function') ref(node)
        else if (ref) ref.current = node
      }}
      className={cn(
        'size-4 shrink-0 cursor-pointer rounded border-input accent-primary',
        'focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background',
        'disabled:cursor-not-allowed disabled:opacity-50',
        className,
      )}
      {...props}
    />
  )
}
