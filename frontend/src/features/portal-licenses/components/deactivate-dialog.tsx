import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { maskKey } from '@/lib/mask'
import { errorMessage } from '@/lib/problem'
import { useDeactivatePortalActivation } from '../api/deactivate-activation'
import type { PortalActivation } from '../api/types'
import { activationTitle } from '../lib/activation-title'

/** "Deactivate …?" with an optional reason; a refusal (already inactive, read-only) is shown in the dialog. */
export function DeactivateDialog({ activation, onClose }: { activation: PortalActivation | null; onClose: () => void }) {
  const mutation = useDeactivatePortalActivation()
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
            Frees one slot of your {activation.product_name} license{' '}
            <span className="font-mono">{maskKey(activation.license_key)}</span> at once, so you can activate another{' '}
            {activation.kind === 'domain' ? 'domain' : 'device'}. The software on this one stops working at its next check.
          </>
        ) : undefined
      }
      confirmLabel="Deactivate"
      destructive
      reason={{ placeholder: 'e.g. Replaced this laptop' }}
      pending={mutation.isPending}
      error={mutation.error ? errorMessage(mutation.error) : undefined}
      onConfirm={({ reason }) => {
        if (!activation) return
        mutation.mutate(
          { id: activation.id, reason: reason || undefined },
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
