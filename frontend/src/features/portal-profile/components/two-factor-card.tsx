import { TwoFactorCard } from '@/components/domain/two-factor-card'
import { useDisablePortalTotp } from '../api/totp-disable'
import { useEnablePortalTotp } from '../api/totp-enable'
import { useStartPortalTotpSetup } from '../api/totp-setup'

/** The customer's two-factor authentication, through the portal's 2FA endpoints. */
export function PortalTwoFactorCard({ enabled }: { enabled: boolean }) {
  const setup = useStartPortalTotpSetup()
  const enable = useEnablePortalTotp()
  const disable = useDisablePortalTotp()
  return <TwoFactorCard enabled={enabled} setup={setup} enable={enable} disable={disable} />
}
