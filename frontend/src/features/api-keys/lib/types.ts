import type { operations } from '@/lib/api/schema'
import type { Schemas } from '@/lib/api/types'

export type ApiKey = Schemas['ApiKey']
export type ApiKeyStatus = Schemas['ApiKeyStatus']
export type ApiKeyList = Schemas['ApiKeyList']
export type ApiKeyRole = Schemas['Role']
export type CreateApiKeyRequest = Schemas['CreateApiKeyRequest']
export type CreatedApiKey = Schemas['CreatedApiKey']
export type ApiKeyListQuery = NonNullable<operations['list_api_keys']['parameters']['query']>
