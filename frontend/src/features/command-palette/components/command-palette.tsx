import { ArrowRight, CornerDownLeft, ExternalLink, Search, Ticket, User } from 'lucide-react'
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useNavigate } from 'react-router'
import { LicenseStatusBadge } from '@/components/domain/license-status-badge'
import { navItemsFor } from '@/components/layout/nav-items'
import { Spinner } from '@/components/ui/spinner'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { matchesHotkey } from '@/hooks/use-hotkey'
import type { AdminRole } from '@/lib/api/types'
import { errorMessage } from '@/lib/problem'
import { cn } from '@/lib/utils'
import { useQuickSearch } from '../api/search'
import { flattenSections, nextActiveIndex, paletteSections, shouldSearch, type PaletteItem } from '../lib/palette'

export interface CommandPaletteProps {
  open: boolean
  onClose: () => void
  /** The signed-in admin's role: only the pages they may open are listed. */
  role: AdminRole | undefined
}

/**
 * Ctrl+K / Cmd+K: jump to a page, a customer or a license. A modal <dialog> with an ARIA
 * combobox (the input) controlling a listbox; ↑/↓/Home/End move, Enter opens, Escape closes.
 */
export function CommandPalette({ open, onClose, role }: CommandPaletteProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  })

  useEffect(() => {
    const dialog = ref.current
    if (!dialog || !open) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal()
      else dialog.setAttribute('open', '')
    }
    dialog.querySelector<HTMLInputElement>('input')?.focus()
    return () => {
      if (dialog.open) {
        if (typeof dialog.close === 'function') dialog.close()
        else dialog.removeAttribute('open')
      }
      if (opener?.isConnected && document.activeElement === document.body) opener.focus()
    }
  }, [open])

  return (
    <dialog
      ref={ref}
      aria-label="Command palette"
      className={cn(
        'mx-auto mt-[12vh] w-[calc(100%-2rem)] max-w-xl overflow-hidden rounded-xl border border-border bg-card p-0 text-card-foreground shadow-2xl',
        'backdrop:bg-black/50 backdrop:backdrop-blur-[1px]',
      )}
      onCancel={(event) => {
        event.preventDefault()
        onCloseRef.current()
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onCloseRef.current()
      }}
    >
      {open ? <PaletteBody role={role} onClose={onClose} /> : null}
    </dialog>
  )
}

function PaletteBody({ role, onClose }: { role: AdminRole | undefined; onClose: () => void }) {
  const navigate = useNavigate()
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const debounced = useDebouncedValue(query.trim(), 300)
  const search = useQuickSearch(debounced)
  const listboxId = useId()
  const inputId = useId()
  const hintId = useId()
  const listRef = useRef<HTMLDivElement>(null)

  const pages = useMemo(() => navItemsFor(role), [role])
  const searching = shouldSearch(query)
  // Results belong to the debounced text; while it catches up, the last results stay.
  const results = searching && shouldSearch(debounced) ? search.data : undefined
  const sections = useMemo(() => paletteSections(pages, query, results), [pages, query, results])
  const items = useMemo(() => flattenSections(sections), [sections])
  const activeIndex = items.length === 0 ? -1 : Math.min(active, items.length - 1)
  const activeItem = activeIndex >= 0 ? items[activeIndex] : undefined
  const optionId = (item: PaletteItem) => `${listboxId}-${item.id.replace(/[^\w-]/g, '_')}`
  const pending = searching && (debounced !== query.trim() || search.isFetching)

  useEffect(() => {
    if (!activeItem) return
    const node = document.getElementById(optionId(activeItem))
    node?.scrollIntoView?.({ block: 'nearest' })
    // optionId is derived from listboxId, which never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [activeItem])

  const choose = (item: PaletteItem) => {
    onClose()
    if (item.external) {
      window.open(item.to, '_blank', 'noopener,noreferrer')
      return
    }
    navigate(item.to)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (matchesHotkey(event.nativeEvent, 'mod+k')) {
      // Ctrl+K again closes (and the global shortcut must not reopen it).
      event.preventDefault()
      onClose()
      return
    }
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      onClose()
      return
    }
    if (event.key === 'Enter') {
      event.preventDefault()
      if (activeItem) choose(activeItem)
      return
    }
    // Home/End stay in the text box unless a modifier-free list move is wanted.
    if ((event.key === 'Home' || event.key === 'End') && query !== '') return
    const next = nextActiveIndex(activeIndex, items.length, event.key)
    if (next !== null) {
      event.preventDefault()
      setActive(next)
    }
  }

  let status: string
  if (items.length === 0 && !pending) {
    status = search.isError ? `Search failed: ${errorMessage(search.error)}` : `Nothing matches “${query.trim()}”.`
  } else {
    status = `${items.length} result${items.length === 1 ? '' : 's'}${pending ? ', searching…' : ''}`
  }

  return (
    <div className="flex max-h-[min(32rem,76dvh)] flex-col">
      <div className="flex items-center gap-2 border-b border-border px-4">
        <Search aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
        <label htmlFor={inputId} className="sr-only">
          Search pages, customers and licenses
        </label>
        <input
          id={inputId}
          role="combobox"
          aria-expanded="true"
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={activeItem ? optionId(activeItem) : undefined}
          aria-describedby={hintId}
          type="text"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value)
            setActive(0)
          }}
          onKeyDown={onKeyDown}
          placeholder="Go to a page, or find a customer or license…"
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          className="h-12 w-full min-w-0 bg-transparent text-sm outline-none placeholder:text-muted-foreground"
        />
        {pending ? <Spinner label="Searching" className="shrink-0 text-muted-foreground" /> : null}
        <kbd className="hidden shrink-0 rounded border border-border bg-muted px-1.5 font-sans text-[0.7rem] text-muted-foreground sm:inline">
          Esc
        </kbd>
      </div>

      <div ref={listRef} id={listboxId} role="listbox" aria-label="Results" className="min-h-0 flex-1 overflow-y-auto p-2">
        {sections.map((section) => (
          <div key={section.id} role="group" aria-labelledby={`${listboxId}-${section.id}`} className="mb-2 last:mb-0">
            <div id={`${listboxId}-${section.id}`} className="px-2 pb-1 pt-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">
              {section.heading}
            </div>
            {section.items.map((item) => {
              const index = items.indexOf(item)
              const selected = index === activeIndex
              return (
                <div
                  key={item.id}
                  id={optionId(item)}
                  role="option"
                  aria-selected={selected}
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseMove={() => {
                    if (!selected) setActive(index)
                  }}
                  onClick={() => choose(item)}
                  className={cn(
                    'flex cursor-pointer items-center gap-3 rounded-md px-2 py-2 text-sm',
                    selected ? 'bg-accent text-accent-foreground' : 'text-foreground',
                  )}
                >
                  <ItemContent item={item} />
                  {selected ? <CornerDownLeft aria-hidden="true" className="ml-auto size-4 shrink-0 text-muted-foreground" /> : null}
                </div>
              )
            })}
          </div>
        ))}
        {items.length === 0 ? (
          <p className="px-2 py-6 text-center text-sm text-muted-foreground">
            {pending
              ? 'Searching…'
              : search.isError && searching
                ? `Search failed: ${errorMessage(search.error)}`
                : query.trim().length < 2
                  ? 'Type at least 2 characters to search customers and licenses.'
                  : `Nothing matches “${query.trim()}”.`}
          </p>
        ) : null}
        {items.length > 0 && searching && search.isError ? (
          <p className="px-2 py-2 text-sm text-destructive">Customer and license search failed: {errorMessage(search.error)}</p>
        ) : null}
      </div>

      <div className="flex items-center justify-between gap-2 border-t border-border px-4 py-2 text-xs text-muted-foreground">
        <p id={hintId}>
          <span className="sr-only">Use the up and down arrow keys to choose, Enter to open, Escape to close. </span>
          <span aria-hidden="true">↑↓ to move · Enter to open · Esc to close</span>
        </p>
        <p role="status" aria-live="polite" className="truncate">
          {query.trim() ? status : ''}
        </p>
      </div>
    </div>
  )
}

function ItemContent({ item }: { item: PaletteItem }) {
  switch (item.kind) {
    case 'page': {
      const Icon = item.page.icon
      return (
        <>
          <Icon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
          <span className="truncate font-medium">{item.label}</span>
          <span className="inline-flex items-center gap-1 text-xs text-muted-foreground">
            {item.external ? (
              <>
                <ExternalLink aria-hidden="true" className="size-3" />
                opens in a new tab
              </>
            ) : (
              <>
                <ArrowRight aria-hidden="true" className="size-3" />
                <span className="sr-only">Go to page</span>
              </>
            )}
          </span>
        </>
      )
    }
    case 'customer':
      return (
        <>
          <User aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
          <span className="flex min-w-0 flex-col">
            <span className="truncate font-medium">{item.label}</span>
            {item.customer.name ? <span className="truncate text-xs text-muted-foreground">{item.customer.email}</span> : null}
          </span>
          <span className="ml-auto shrink-0 text-xs text-muted-foreground">
            {item.customer.license_count} license{item.customer.license_count === 1 ? '' : 's'}
          </span>
        </>
      )
    case 'license':
      return (
        <>
          <Ticket aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
          <span className="flex min-w-0 flex-col">
            <span className="truncate font-mono text-xs font-medium">{item.label}</span>
            <span className="truncate text-xs text-muted-foreground">
              {item.license.product_name}
              {item.license.customer_email ? ` · ${item.license.customer_email}` : ''}
            </span>
          </span>
          <LicenseStatusBadge status={item.license.status} className="ml-auto" />
        </>
      )
  }
}
