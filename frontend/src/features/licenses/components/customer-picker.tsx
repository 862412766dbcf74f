import { Search } from 'lucide-react'
import { useId, useState, type KeyboardEvent } from 'react'
import { useCustomers } from '@/api/customers/list-customers'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Spinner } from '@/components/ui/spinner'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { errorMessage } from '@/lib/problem'
import { cn } from '@/lib/utils'
import type { CustomerList } from '../api/types'

type Customer = CustomerList['data'][number]

/** How many matches the picker offers. */
const CUSTOMER_PICKER_SIZE = 8

export interface CustomerPickerProps {
  /** Called with the chosen customer; the field then empties (the chip shows the choice). */
  onSelect: (customer: Customer) => void
  label?: string
  className?: string
}

/**
 * "Customer": type part of an email or name, pick one of the first 8 matches (300 ms after
 * typing pauses). A combobox with a listbox: ↑/↓ move, Enter picks, Escape closes.
 */
export function CustomerPicker({ onSelect, label = 'Customer', className }: CustomerPickerProps) {
  const id = useId()
  const listId = `${id}-list`
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const search = useDebouncedValue(text, 300).trim()
  const typed = text.trim()
  // Nothing is fetched while the (debounced, trimmed) search is empty.
  const results = useCustomers({ search, per_page: CUSTOMER_PICKER_SIZE }, { enabled: search !== '', staleTime: 30_000 })
  // Matches only for what is in the field now (not a previous, placeholder answer).
  const settled = typed !== '' && search === typed && !results.isPlaceholderData
  const options = settled ? (results.data?.data ?? []) : []
  const expanded = open && typed !== ''
  const waiting = typed !== '' && (!settled || results.isFetching) && !results.isError

  const choose = (customer: Customer) => {
    onSelect(customer)
    setText('')
    setOpen(false)
    setActive(-1)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setOpen(true)
      if (options.length === 0) return
      const step = e.key === 'ArrowDown' ? 1 : -1
      setActive((i) => (i < 0 ? (step > 0 ? 0 : options.length - 1) : (i + step + options.length) % options.length))
    } else if (e.key === 'Enter') {
      const customer = options[active]
      if (expanded && customer) {
        e.preventDefault()
        choose(customer)
      }
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault()
        e.stopPropagation()
        setOpen(false)
        setActive(-1)
      }
    }
  }

  let status: string | null = null
  if (expanded) {
    if (results.isError && settled) status = `Could not search customers: ${errorMessage(results.error)}`
    else if (waiting && options.length === 0) status = 'Searching…'
    else if (settled && options.length === 0) status = 'No customer matches'
  }

  return (
    <div className={cn('relative flex flex-col gap-1.5', className)}>
      <Label htmlFor={`${id}-input`}>{label}</Label>
      <div className="relative">
        <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          id={`${id}-input`}
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && options[active] ? `${id}-opt-${active}` : undefined}
          aria-busy={waiting || undefined}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setOpen(true)
            setActive(-1)
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          placeholder="Email or name"
          className="pl-8 pr-8"
          autoComplete="off"
          spellCheck={false}
        />
        {waiting ? (
          <span className="absolute right-2.5 top-1/2 -translate-y-1/2">
            <Spinner label="Searching customers" />
          </span>
        ) : null}
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} suggestions`}
        hidden={!expanded || options.length === 0}
        className="absolute left-0 top-full z-20 mt-1 max-h-72 w-full min-w-64 overflow-auto rounded-md border border-border bg-card p-1 text-card-foreground shadow-md"
      >
        {options.map((customer, index) => (
          <li
            key={customer.id}
            id={`${id}-opt-${index}`}
            role="option"
            aria-selected={index === active}
            // Keep the focus in the field (a blur would close the list before the click).
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(customer)}
            onMouseEnter={() => setActive(index)}
            className={cn(
              'flex cursor-pointer flex-col rounded-sm px-2 py-1.5 text-sm',
              index === active && 'bg-accent text-accent-foreground',
            )}
          >
            <span className="truncate font-medium">{customer.email}</span>
            {customer.name ? <span className="truncate text-xs text-muted-foreground">{customer.name}</span> : null}
          </li>
        ))}
      </ul>
      {status ? (
        <p
          role="status"
          className="absolute left-0 top-full z-20 mt-1 w-full min-w-64 rounded-md border border-border bg-card px-3 py-2 text-sm text-muted-foreground shadow-md"
        >
          {status}
        </p>
      ) : null}
    </div>
  )
}
