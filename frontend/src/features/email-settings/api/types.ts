// Friendly names for the generated API types this feature uses (never hand-written).
import type { components } from '@/lib/api/schema'

export type EmailSettings = components['schemas']['EmailSettings']
export type UpdateEmailSettingsRequest = components['schemas']['UpdateEmailSettingsRequest']
export type TlsMode = components['schemas']['TlsMode']
export type SettingsSource = components['schemas']['SettingsSource']
export type TestEmailRequest = components['schemas']['TestEmailRequest']
export type TestEmailResult = components['schemas']['TestEmailResult']
