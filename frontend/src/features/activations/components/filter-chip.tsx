import { X } from 'lucide-react'
import type { ReactNode } from 'react'

/** An applied filter that came from a link (customer, license), removable with its × button. */
export function FilterChip({ label, children, onRemove }: { label: string; children: ReactNode; onRemove: () => void }) {
  return (
    <span className="inline-flex max-w-full items-center gap-1 rounded-full border border-border bg-muted/60 py-0.5 pl-3 pr-1 text-sm">
      <span className="text-muted-foreground">{label}:</span>
      <span className="min-w-0 truncate font-medium">{children}</span>
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove ${label.toLowerCase()} filter`}
        title={`Remove ${label.toLowerCase()} filter`}
        className="ml-0.5 inline-flex size-6 items-center justify-center rounded-full text-muted-foreground hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <X aria-hidden="true" className="size-3.5" />
      </button>
    </span>
  )
}
