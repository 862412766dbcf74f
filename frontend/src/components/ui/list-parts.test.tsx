import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { MaskedKey } from '@/components/domain/masked-key'
import { toast } from '@/lib/toast'
import { CopyButton } from './copy-button'
import { Pagination } from './pagination'
import { SortableHeader } from './sortable-header'
import { Table, TableBody, TableCell, TableHeader, TableRow } from './table'
import { Toaster } from './toaster'

describe('Pagination', () => {
  it('says which rows show and moves between pages', async () => {
    const user = userEvent.setup()
    const onPageChange = vi.fn()
    const { rerender } = render(<Pagination page={1} perPage={25} total={1234} onPageChange={onPageChange} />)
    expect(screen.getByText('Showing 1–25 of 1,234')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(onPageChange).toHaveBeenCalledWith(2)

    rerender(<Pagination page={50} perPage={25} total={1234} onPageChange={onPageChange} />)
    expect(screen.getByText('Showing 1,226–1,234 of 1,234')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled()

    rerender(<Pagination page={400} perPage={25} total={10000} totalCapped onPageChange={onPageChange} />)
    expect(screen.getByText('Showing 9,976–10,000 of 10,000+')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled()
  })

  it('renders nothing for an empty list', () => {
    const { container } = render(<Pagination page={1} perPage={25} total={0} onPageChange={() => {}} />)
    expect(container).toBeEmptyDOMElement()
  })
})

describe('SortableHeader and clickable rows', () => {
  function renderTable(sort: string | null, onSort = vi.fn(), onActivate = vi.fn()) {
    render(
      <Table>
        <TableHeader>
          <TableRow>
            <SortableHeader column="name" sort={sort} onSort={onSort}>
              Name
            </SortableHeader>
            <SortableHeader column="email" sort={sort} onSort={onSort}>
              Email
            </SortableHeader>
          </TableRow>
        </TableHeader>
        <TableBody>
          <TableRow onActivate={onActivate} aria-label="View John Smith">
            <TableCell>John Smith</TableCell>
            <TableCell>
              <button type="button">Inner</button>
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>,
    )
    return { onSort, onActivate }
  }

  it('marks the sorted column and asks for the next sort', async () => {
    const user = userEvent.setup()
    const { onSort } = renderTable('name')
    const [name, email] = screen.getAllByRole('columnheader')
    expect(name).toHaveAttribute('aria-sort', 'ascending')
    expect(email).toHaveAttribute('aria-sort', 'none')
    await user.click(within(name).getByRole('button', { name: 'Name' }))
    expect(onSort).toHaveBeenLastCalledWith('-name')
    await user.click(within(email).getByRole('button', { name: 'Email' }))
    expect(onSort).toHaveBeenLastCalledWith('email')
  })

  it('activates a row by click and by keyboard, but not through inner buttons', async () => {
    const user = userEvent.setup()
    const { onActivate } = renderTable('-name')
    expect(screen.getAllByRole('columnheader')[0]).toHaveAttribute('aria-sort', 'descending')
    const row = screen.getByRole('row', { name: 'View John Smith' })
    await user.click(screen.getByText('John Smith'))
    expect(onActivate).toHaveBeenCalledTimes(1)
    await user.click(screen.getByRole('button', { name: 'Inner' }))
    expect(onActivate).toHaveBeenCalledTimes(1)
    row.focus()
    await user.keyboard('{Enter}')
    await user.keyboard(' ')
    expect(onActivate).toHaveBeenCalledTimes(3)
  })
})

describe('toasts, CopyButton and MaskedKey', () => {
  it('shows toasts in a live region and dismisses them', async () => {
    const user = userEvent.setup()
    render(<Toaster />)
    act(() => {
      toast.success('Product saved')
      toast.error('Could not save')
    })
    const region = screen.getByRole('region', { name: 'Notifications' })
    expect(within(region).getByRole('status')).toHaveTextContent('Product saved')
    expect(within(region).getByRole('alert')).toHaveTextContent('Could not save')
    await user.click(within(region).getAllByRole('button', { name: 'Dismiss notification' })[0])
    expect(within(region).queryByText('Product saved')).not.toBeInTheDocument()
  })

  it('dismisses toasts on its own', () => {
    vi.useFakeTimers()
    try {
      render(<Toaster />)
      act(() => void toast.success('Saved'))
      expect(screen.getByText('Saved')).toBeInTheDocument()
      act(() => vi.advanceTimersByTime(4000))
      expect(screen.queryByText('Saved')).not.toBeInTheDocument()
    } finally {
      vi.useRealTimers()
    }
  })

  it('copies and confirms; reports a refused clipboard', async () => {
    const user = userEvent.setup()
    const writeText = vi.spyOn(navigator.clipboard, 'writeText')
    render(
      <>
        <CopyButton value="lk_secret" label="API key" />
        <Toaster />
      </>,
    )
    await user.click(screen.getByRole('button', { name: 'Copy API key' }))
    expect(writeText).toHaveBeenCalledWith('lk_secret')
    expect(await screen.findByText('Copied to clipboard')).toBeInTheDocument()

    writeText.mockRejectedValueOnce(new Error('denied'))
    await user.click(screen.getByRole('button', { name: 'Copy API key' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not copy to the clipboard')
  })

  it('masks a key, reveals it on demand and copies it whole', async () => {
    const user = userEvent.setup()
    const writeText = vi.spyOn(navigator.clipboard, 'writeText')
    render(<MaskedKey value="ABCD-EFGH-JKLM-WXYZ" />)
    expect(screen.getByText('ABCD-••••-••••-WXYZ')).toBeInTheDocument()
    const toggle = screen.getByRole('button', { name: 'Show license key' })
    expect(toggle).toHaveAttribute('aria-pressed', 'false')
    await user.click(toggle)
    expect(toggle).toHaveAttribute('aria-pressed', 'true')
    expect(screen.getByText('ABCD-EFGH-JKLM-WXYZ')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Copy license key' }))
    expect(writeText).toHaveBeenCalledWith('ABCD-EFGH-JKLM-WXYZ')
  })
})
