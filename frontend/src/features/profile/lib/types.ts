import type { Schemas } from '@/lib/api/types'

export type Admin = Schemas['Admin']
export type ChangePasswordRequest = Schemas['ChangePasswordRequest']
export type TotpSetupResponse = Schemas['TotpSetupResponse']
export type TotpCodeRequest = Schemas['TotpCodeRequest']
