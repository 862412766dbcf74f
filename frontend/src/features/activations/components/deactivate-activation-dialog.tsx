import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { maskKey } from '@/lib/mask'
import { errorMessage } from '@/lib/problem'
import { useDeactivateActivation } from '@/api/activations/deactivate-activation'
import type { Activation } from '../api/types'
import { activationTitle } from '../lib/activation-format'

export interface DeactivateActivationDialogProps {
  /** The activation to deactivate (null: closed). */
  activation: Activation | null
  onClose: () => void
}

/** "Deactivate …?" with an optional reason; a refusal (e.g. 409 already inactive) is shown in the dialog. */
export function DeactivateActivationDialog({ activation, onClose }: DeactivateActivationDialogProps) {
  const mutation = useDeactivateActivation()
  const close = () => {
    if (mutation.isPending) return
    mutation.reset()
    onClose()
  }
  return (
    <ConfirmDialog
      open={activation !== null}
      onClose={close}
      title={activation ? `Deactivate ${activationTitle(activation)}?` : 'Deactivate'}
      message={
        activation ? (
          <>
            Frees one activation slot of license <span className="font-mono">{maskKey(activation.license_key)}</span> (
            {activation.product_name}) at once. The {activation.kind === 'domain' ? 'domain' : 'device'} fails its next
            check; it stays in the history with your reason.
          </>
        ) : undefined
      }
      confirmLabel="Deactivate"
      destructive
      reason={{ placeholder: 'e.g. Old laptop, customer replaced it' }}
      pending={mutation.isPending}
      error={mutation.error ? errorMessage(mutation.error) : undefined}
      onConfirm={({ reason }) => {
        if (!activation) return
        mutation.mutate(
          { id: activation.id, reason },
          {
            onSuccess: () => {
              mutation.reset()
              onClose()
            },
          },
        )
      }}
    />
  )
}
