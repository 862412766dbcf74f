import { CircleAlert, CircleCheck, Info, X } from 'lucide-react'
import { useEffect, useRef, useSyncExternalStore } from 'react'
import { getToasts, subscribeToasts, toast, type ToastKind } from '@/lib/toast'
import { cn } from '@/lib/utils'

// Only where the Popover API exists (not jsdom): there a popover attribute alone would hide the region.
const supportsPopover = typeof HTMLElement !== 'undefined' && 'showPopover' in HTMLElement.prototype

const icons = { success: CircleCheck, error: CircleAlert, info: Info } satisfies Record<ToastKind, unknown>
const tones: Record<ToastKind, string> = {
  success: '[&>svg]:text-emerald-600 dark:[&>svg]:text-emerald-400',
  error: 'border-destructive/40 [&>svg]:text-destructive',
  info: '[&>svg]:text-primary',
}

/**
 * Renders the toasts from `@/lib/toast` in an aria-live region, bottom right. Mounted once
 * in src/app/provider.tsx. It is a manual popover, raised on each new toast, so toasts show
 * above an open modal dialog too.
 */
export function Toaster() {
  const toasts = useSyncExternalStore(subscribeToasts, getToasts, getToasts)
  const ref = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const el = ref.current
    if (!el || !supportsPopover) return
    try {
      if (el.matches(':popover-open')) el.hidePopover()
      el.showPopover()
    } catch {
      // Popover API missing or refused: the fixed position still shows the toasts.
    }
  }, [toasts])

  return (
    <div
      ref={ref}
      popover={supportsPopover ? 'manual' : undefined}
      role="region"
      aria-label="Notifications"
      className="pointer-events-none fixed inset-auto bottom-4 right-4 z-[100] m-0 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2 overflow-visible border-0 bg-transparent p-0"
    >
      <ol aria-live="polite" className="flex flex-col gap-2">
        {toasts.map((t) => {
          const Icon = icons[t.kind]
          return (
            <li
              key={t.id}
              role={t.kind === 'error' ? 'alert' : 'status'}
              className={cn(
                'pointer-events-auto flex items-start gap-3 rounded-lg border border-border bg-card px-4 py-3 text-sm text-card-foreground shadow-lg',
                '[&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0',
                tones[t.kind],
              )}
            >
              <Icon aria-hidden="true" />
              <p className="flex-1 break-words">{t.message}</p>
              <button
                type="button"
                aria-label="Dismiss notification"
                onClick={() => toast.dismiss(t.id)}
                className="-m-1 rounded p-1 text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              >
                <X aria-hidden="true" className="size-4" />
              </button>
            </li>
          )
        })}
      </ol>
    </div>
  )
}
