import type { operations } from '@/lib/api/schema'
import type { Schemas } from '@/lib/api/types'

export type Admin = Schemas['Admin']
export type AdminRole = Schemas['Role']
export type AdminStatus = Schemas['AdminStatus']
export type AdminList = Schemas['AdminList']
export type CreateAdminRequest = Schemas['CreateAdminRequest']
export type CreatedAdmin = Schemas['CreatedAdmin']
export type UpdateAdminRequest = Schemas['UpdateAdminRequest']
export type AdminListQuery = NonNullable<operations['list_admins']['parameters']['query']>
