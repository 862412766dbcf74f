// A tiny toast store: call `toast.success(…)` / `toast.error(…)` from anywhere (mutation
// callbacks included); <Toaster/> (mounted once in src/app/provider.tsx) renders them.

export type ToastKind = 'success' | 'error' | 'info'

export interface Toast {
  id: number
  kind: ToastKind
  message: string
  /** Milliseconds until it disappears on its own; 0 keeps it until dismissed. */
  duration: number
}

export interface ToastOptions {
  duration?: number
}

/** Success and info toasts go after 4 s, errors after 8 s. */
const DEFAULT_DURATION: Record<ToastKind, number> = { success: 4000, info: 4000, error: 8000 }
/** At most this many toasts show at once; the oldest goes first. */
const MAX_TOASTS = 5

type Listener = () => void
const listeners = new Set<Listener>()
const timers = new Map<number, ReturnType<typeof setTimeout>>()
let toasts: readonly Toast[] = []
let nextId = 1

function emit() {
  for (const listener of [...listeners]) listener()
}

function dismiss(id: number): void {
  const timer = timers.get(id)
  if (timer) clearTimeout(timer)
  timers.delete(id)
  if (!toasts.some((t) => t.id === id)) return
  toasts = toasts.filter((t) => t.id !== id)
  emit()
}

function show(kind: ToastKind, message: string, options: ToastOptions = {}): number {
  const id = nextId++
  const duration = options.duration ?? DEFAULT_DURATION[kind]
  toasts = [...toasts, { id, kind, message, duration }]
  while (toasts.length > MAX_TOASTS) dismiss(toasts[0].id)
  if (duration > 0) timers.set(id, setTimeout(() => dismiss(id), duration))
  emit()
  return id
}

export const toast = {
  success: (message: string, options?: ToastOptions) => show('success', message, options),
  error: (message: string, options?: ToastOptions) => show('error', message, options),
  info: (message: string, options?: ToastOptions) => show('info', message, options),
  dismiss,
  /** Removes every toast (tests call this between cases). */
  clear(): void {
    for (const timer of timers.values()) clearTimeout(timer)
    timers.clear()
    toasts = []
    emit()
  },
}

/** The toasts showing now; the same array until something changes (for useSyncExternalStore). */
export function getToasts(): readonly Toast[] {
  return toasts
}

export function subscribeToasts(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
