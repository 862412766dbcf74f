import { X } from 'lucide-react'
import { useEffect, useId, useRef, type ComponentProps, type ReactNode } from 'react'
import { cn } from '@/lib/utils'
import { Button } from './button'

export interface DialogProps {
  /** Shown (as a modal, via showModal()) while true. */
  open: boolean
  /** Asked to close: Escape, a click on the backdrop, the × button. Set `open` to false here. */
  onClose: () => void
  title: ReactNode
  description?: ReactNode
  /**
   * The body. Mounted only while open, so its state resets on every opening. Put
   * `data-autofocus` on the element to focus first (not React's autoFocus).
   */
  children?: ReactNode
  /** Buttons at the bottom, right-aligned (use <DialogFooter> instead inside a <form> body). */
  footer?: ReactNode
  /** False while something is pending: Escape, backdrop and × are ignored. Default true. */
  dismissible?: boolean
  /** Width; default 'md'. */
  size?: 'sm' | 'md' | 'lg' | 'xl'
  className?: string
}

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])'

const sizes = { sm: 'max-w-sm', md: 'max-w-lg', lg: 'max-w-2xl', xl: 'max-w-4xl' }

/** The accessible modal for the whole app: native <dialog> + showModal(), focus returns to the opener. */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  dismissible = true,
  size = 'md',
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descriptionId = useId()
  const pressedOnBackdrop = useRef(false)
  const onCloseRef = useRef(onClose)
  const dismissibleRef = useRef(dismissible)
  useEffect(() => {
    onCloseRef.current = onClose
    dismissibleRef.current = dismissible
  })

  useEffect(() => {
    const dialog = ref.current
    if (!dialog || !open) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal()
      else dialog.setAttribute('open', '')
    }
    // React's autoFocus runs while the dialog is still hidden, so mark the field to focus
    // with `data-autofocus` instead; otherwise the first focusable element gets it.
    ;(dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE))?.focus()
    return () => {
      if (dialog.open) {
        if (typeof dialog.close === 'function') dialog.close()
        else dialog.removeAttribute('open')
      }
      if (opener?.isConnected) opener.focus()
    }
  }, [open])

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className={cn(
        'm-auto w-[calc(100%-2rem)] rounded-xl border border-border bg-card p-0 text-card-foreground shadow-xl',
        'backdrop:bg-black/50 backdrop:backdrop-blur-[1px]',
        sizes[size],
        className,
      )}
      // Escape: let React decide (and ignore it while not dismissible). Handling the key
      // itself stops the browser's own close; `cancel` covers other close requests.
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        event.preventDefault()
        if (dismissibleRef.current) onCloseRef.current()
      }}
      onCancel={(event) => {
        event.preventDefault()
        if (dismissibleRef.current) onCloseRef.current()
      }}
      // A click on the dialog element itself (not its content) is a click on the backdrop;
      // a drag that started inside the content (selecting text) is not.
      onPointerDown={(event) => {
        pressedOnBackdrop.current = event.target === event.currentTarget
      }}
      onClick={(event) => {
        const onBackdrop = event.target === event.currentTarget && pressedOnBackdrop.current
        pressedOnBackdrop.current = false
        if (onBackdrop && dismissibleRef.current) onCloseRef.current()
      }}
    >
      {open ? (
        <div className="relative flex max-h-[85dvh] flex-col gap-4 overflow-y-auto p-6">
          <div className="flex flex-col gap-1.5 pr-8">
            <h2 id={titleId} className="text-lg font-semibold leading-tight tracking-tight">
              {title}
            </h2>
            {description ? (
              <div id={descriptionId} className="text-sm text-muted-foreground">
                {description}
              </div>
            ) : null}
          </div>
          {children}
          {footer ? <DialogFooter>{footer}</DialogFooter> : null}
          {/* Last in the DOM so the first field or button, not ×, gets the initial focus. */}
          <Button
            variant="ghost"
            size="icon"
            className="absolute right-3 top-3 size-8"
            aria-label="Close"
            disabled={!dismissible}
            onClick={onClose}
          >
            <X aria-hidden="true" />
          </Button>
        </div>
      ) : null}
    </dialog>
  )
}

/** The button row at the bottom of a dialog; use it directly when the body is a <form>. */
export function DialogFooter({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end', className)} {...props} />
}
