import type { LucideIcon } from 'lucide-react'
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { cn } from '@/lib/utils'
import { Button } from './button'
import type { ButtonVariantProps } from './button-variants'

export interface DropdownMenuItem {
  label: string
  onSelect: () => void
  icon?: LucideIcon
  /** Red text (delete, revoke). */
  destructive?: boolean
  disabled?: boolean
}

export interface DropdownMenuProps {
  items: DropdownMenuItem[]
  /** The trigger's content, e.g. an icon or "Actions". */
  children: ReactNode
  /** Required when the trigger is icon-only, e.g. "Actions for ABCD-…". */
  'aria-label'?: string
  variant?: ButtonVariantProps['variant']
  size?: ButtonVariantProps['size']
  /** Which edge of the trigger the menu lines up with. Default 'end'. */
  align?: 'start' | 'end'
  className?: string
}

/**
 * A small action menu (row actions): the trigger opens a list of items; ↑/↓/Home/End move,
 * Enter/Space choose, Escape/Tab/outside click close and focus returns to the trigger.
 * Positioned `fixed` so table overflow does not clip it.
 */
export function DropdownMenu({
  items,
  children,
  'aria-label': ariaLabel,
  variant = 'ghost',
  size = 'sm',
  align = 'end',
  className,
}: DropdownMenuProps) {
  const [open, setOpen] = useState(false)
  const [position, setPosition] = useState<{ top: number; left?: number; right?: number }>({ top: 0 })
  const triggerRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const menuId = useId()

  const close = useCallback((refocus: boolean) => {
    setOpen(false)
    if (refocus) triggerRef.current?.focus()
  }, [])

  const itemsOf = () => Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [])

  // Fixed to the trigger: placed on open and again whenever the page scrolls or resizes.
  const place = useCallback(() => {
    if (!triggerRef.current) return false
    const rect = triggerRef.current.getBoundingClientRect()
    if (rect.bottom < 0 || rect.top > window.innerHeight || rect.right < 0 || rect.left > window.innerWidth) return false
    setPosition(
      align === 'end'
        ? { top: rect.bottom + 4, right: Math.max(8, window.innerWidth - rect.right) }
        : { top: rect.bottom + 4, left: Math.max(8, rect.left) },
    )
    return true
  }, [align])

  useLayoutEffect(() => {
    if (!open) return
    place()
    itemsOf()[0]?.focus()
  }, [open, place])

  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node
      if (!menuRef.current?.contains(target) && !triggerRef.current?.contains(target)) close(false)
    }
    // Follow the trigger when something scrolls (a sideways-scrolling table, the page);
    // close only once it is out of view.
    const onViewportChange = (event: Event) => {
      if (event.target instanceof Node && menuRef.current?.contains(event.target)) return
      if (!place()) close(false)
    }
    document.addEventListener('pointerdown', onPointer)
    window.addEventListener('resize', onViewportChange)
    window.addEventListener('scroll', onViewportChange, true)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      window.removeEventListener('resize', onViewportChange)
      window.removeEventListener('scroll', onViewportChange, true)
    }
  }, [open, close, place])

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = itemsOf()
    const index = list.indexOf(document.activeElement as HTMLButtonElement)
    const focusAt = (i: number) => list[(i + list.length) % list.length]?.focus()
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        focusAt(index + 1)
        break
      case 'ArrowUp':
        event.preventDefault()
        focusAt(index - 1)
        break
      case 'Home':
        event.preventDefault()
        focusAt(0)
        break
      case 'End':
        event.preventDefault()
        focusAt(list.length - 1)
        break
      case 'Escape':
        event.preventDefault()
        event.stopPropagation()
        close(true)
        break
      case 'Tab':
        close(false)
        break
    }
  }

  return (
    <>
      <Button
        ref={triggerRef}
        variant={variant}
        size={size}
        className={className}
        aria-label={ariaLabel}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault()
            setOpen(true)
          }
        }}
      >
        {children}
      </Button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={ariaLabel}
          onKeyDown={onMenuKeyDown}
          style={{ position: 'fixed', top: position.top, left: position.left, right: position.right }}
          className="z-50 flex min-w-40 flex-col rounded-md border border-border bg-card p-1 text-card-foreground shadow-lg"
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              disabled={item.disabled}
              onClick={() => {
                close(true)
                item.onSelect()
              }}
              className={cn(
                'flex w-full items-center gap-2 rounded-sm px-2 py-1.5 text-left text-sm outline-none',
                'hover:bg-accent focus:bg-accent disabled:pointer-events-none disabled:opacity-50 [&_svg]:size-4',
                item.destructive ? 'text-destructive' : 'hover:text-accent-foreground focus:text-accent-foreground',
              )}
            >
              {item.icon ? <item.icon aria-hidden="true" /> : null}
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </>
  )
}
