import { TwoFactorCard } from '@/components/domain/two-factor-card'
import { useDisableTotp } from '../api/totp-disable'
import { useEnableTotp } from '../api/totp-enable'
import { useStartTotpSetup } from '../api/totp-setup'

/** The admin's two-factor authentication, through the admin account's 2FA endpoints. */
export function AdminTwoFactorCard({ enabled }: { enabled: boolean }) {
  const setup = useStartTotpSetup()
  const enable = useEnableTotp()
  const disable = useDisableTotp()
  return <TwoFactorCard enabled={enabled} setup={setup} enable={enable} disable={disable} />
}
