import type { Schemas } from '@/lib/api/types'

export type Stats = Schemas['Stats']
export type UsageDay = Schemas['UsageDay']
export type LicenseStatusCounts = Schemas['LicenseStatusCounts']
