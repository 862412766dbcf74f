import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { Button } from './button'
import { ConfirmDialog, type ConfirmDialogProps } from './confirm-dialog'
import { Dialog } from './dialog'

function DialogDemo() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button onClick={() => setOpen(true)}>Open</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Edit product" description="Change the name." footer={<Button>Save</Button>}>
        <input aria-label="Name" />
      </Dialog>
    </>
  )
}

describe('Dialog', () => {
  it('opens as a modal with its title and description, closes on Escape and gives focus back', async () => {
    const user = userEvent.setup()
    render(<DialogDemo />)
    const opener = screen.getByRole('button', { name: 'Open' })
    await user.click(opener)
    const dialog = screen.getByRole('dialog', { name: 'Edit product' })
    expect(dialog).toHaveAccessibleDescription('Change the name.')
    expect(screen.getByRole('button', { name: 'Save' })).toBeInTheDocument()

    await user.keyboard('{Escape}')
    expect(screen.queryByRole('textbox', { name: 'Name' })).not.toBeInTheDocument()
    expect(opener).toHaveFocus()
  })

  it('closes with the × button', async () => {
    const user = userEvent.setup()
    render(<DialogDemo />)
    await user.click(screen.getByRole('button', { name: 'Open' }))
    await user.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('textbox', { name: 'Name' })).not.toBeInTheDocument()
  })
})

function renderConfirm(props: Partial<ConfirmDialogProps> = {}) {
  const onConfirm = vi.fn()
  const onClose = vi.fn()
  render(
    <ConfirmDialog open title="Delete customer?" message="This cannot be undone." onConfirm={onConfirm} onClose={onClose} {...props} />,
  )
  return { onConfirm, onClose }
}

describe('ConfirmDialog', () => {
  it('confirms and cancels', async () => {
    const user = userEvent.setup()
    const { onConfirm, onClose } = renderConfirm({ confirmLabel: 'Delete', destructive: true })
    expect(screen.getByRole('dialog', { name: 'Delete customer?' })).toHaveAccessibleDescription('This cannot be undone.')
    await user.click(screen.getByRole('button', { name: 'Delete' }))
    expect(onConfirm).toHaveBeenCalledWith({ reason: '' })
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(onClose).toHaveBeenCalled()
  })

  it('waits for the typed confirmation text and passes the reason', async () => {
    const user = userEvent.setup()
    const { onConfirm } = renderConfirm({ confirmText: 'john@company.com', reason: { required: true }, confirmLabel: 'Delete' })
    const confirm = screen.getByRole('button', { name: 'Delete' })
    expect(confirm).toBeDisabled()
    await user.type(screen.getByLabelText(/to confirm/), 'john@company.com')
    expect(confirm).toBeDisabled()
    await user.type(screen.getByLabelText('Reason'), '  GDPR request ')
    expect(confirm).toBeEnabled()
    await user.click(confirm)
    expect(onConfirm).toHaveBeenCalledWith({ reason: 'GDPR request' })
  })

  it('is busy and not dismissible while pending', async () => {
    const user = userEvent.setup()
    const { onClose } = renderConfirm({ pending: true, confirmLabel: 'Revoke', error: 'License already revoked.' })
    expect(screen.getByRole('button', { name: /Revoke/ })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled()
    expect(screen.getByRole('alert')).toHaveTextContent('License already revoked.')
    await user.keyboard('{Escape}')
    expect(onClose).not.toHaveBeenCalled()
  })
})

describe('Dialog backdrop', () => {
  it('closes on a click on the backdrop but not on the content', async () => {
    const user = userEvent.setup()
    render(<DialogDemo />)
    await user.click(screen.getByRole('button', { name: 'Open' }))
    await user.click(screen.getByRole('textbox', { name: 'Name' }))
    expect(screen.getByRole('textbox', { name: 'Name' })).toBeInTheDocument()
    await user.click(screen.getByRole('dialog'))
    expect(screen.queryByRole('textbox', { name: 'Name' })).not.toBeInTheDocument()
  })
})
