import type { PortalActivation } from '../api/types'

/** What the customer calls the device: its name, else its identifier ("Office iMac", "example.com"). */
export function activationTitle(activation: Pick<PortalActivation, 'name' | 'identifier'>): string {
  return activation.name?.trim() || activation.identifier
}

/** "Device" / "Domain" (other kinds as they come, capitalised). */
export function kindLabel(kind: string): string {
  return kind ? kind.charAt(0).toUpperCase() + kind.slice(1) : kind
}
