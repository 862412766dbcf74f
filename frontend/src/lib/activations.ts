// How a license's activation count reads everywhere: "2 / 5", "2 / Unlimited"; and what a
// transfer does to the earlier owner's activations.
import { formatNumber } from './format'

function unlimited(max: number | null | undefined): max is null | undefined {
  return max === null || max === undefined
}

/** "2 / 5", or "2 / Unlimited" when the license has no activation limit. */
export function activationsLabel(used: number, max: number | null | undefined): string {
  return `${used} / ${unlimited(max) ? 'Unlimited' : max}`
}

/** The same for screen readers: "2 of 5 activations used", "2 activations used, no limit". */
export function activationsDescription(used: number, max: number | null | undefined): string {
  if (unlimited(max)) return `${used} ${used === 1 ? 'activation' : 'activations'} used, no limit`
  return `${used} of ${max} activations used`
}

/** Every slot is taken: the next activation will be refused. */
export function activationsFull(used: number, max: number | null | undefined): boolean {
  return !unlimited(max) && used >= max
}

/** Whether the activation was made for someone other than the license's current owner (a transfer kept it). */
export function madeForPreviousOwner(activation: { customer_id?: string | null; made_for_customer_id?: string | null }): boolean {
  return !!activation.made_for_customer_id && activation.made_for_customer_id !== activation.customer_id
}

/**
 * What a transfer does by default (`keep_activations` off) to the current owner's `devices`
 * active devices and domains, in one plain sentence, and when to keep them instead.
 * `several`: licenses of more than one owner (bulk assign).
 */
export function keepActivationsHint(devices: number, several = false): string {
  const owner = several ? 'current owners’' : 'current owner’s'
  if (devices === 0) {
    return `Off: the ${owner} devices are deactivated and their slots freed (none is active now). Turn on when the same person is moving to a new address.`
  }
  const one = devices === 1
  return (
    `Off: the ${owner} ${formatNumber(devices)} ${one ? 'device is' : 'devices are'} deactivated and ${one ? 'its slot' : 'their slots'} freed. ` +
    `Turn on when the same person is moving to a new address: ${one ? 'their device keeps' : 'their devices keep'} working.`
  )
}
