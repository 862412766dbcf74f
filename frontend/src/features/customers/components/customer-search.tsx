import { Search, X } from 'lucide-react'
import { useId } from 'react'
import { cn } from '@/lib/utils'

export interface CustomerSearchProps {
  /** What is typed (the URL's `?search=`). */
  value: string
  onChange: (value: string) => void
  className?: string
}

/** The full-width search box of the customer list: icon on the left, clear (×) when not empty, Escape clears. */
export function CustomerSearch({ value, onChange, className }: CustomerSearchProps) {
  const id = useId()
  return (
    <div role="search" className={cn('relative w-full', className)}>
      <label htmlFor={id} className="sr-only">
        Search customers
      </label>
      <Search
        aria-hidden="true"
        className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
      />
      <input
        id={id}
        type="search"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value) {
            event.preventDefault()
            onChange('')
          }
        }}
        placeholder="Search by name or email…"
        autoComplete="off"
        spellCheck={false}
        className={cn(
          'flex h-10 w-full min-w-0 rounded-md border border-input bg-background py-2 pl-9 pr-10 text-sm shadow-xs transition-colors',
          'placeholder:text-muted-foreground focus-visible:border-ring focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring/40',
          '[&::-webkit-search-cancel-button]:appearance-none',
        )}
      />
      {value ? (
        <button
          type="button"
          aria-label="Clear search"
          title="Clear search"
          onClick={() => {
            onChange('')
            document.getElementById(id)?.focus()
          }}
          className="absolute right-2 top-1/2 flex size-7 -translate-y-1/2 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <X aria-hidden="true" className="size-4" />
        </button>
      ) : null}
    </div>
  )
}
