import type { ApiKeyListQuery } from '../lib/types'

/** Query keys of the API keys feature; `all` refreshes every API key view. */
export const apiKeyKeys = {
  all: ['admin', 'api-keys'] as const,
  list: (query: ApiKeyListQuery) => ['admin', 'api-keys', 'list', query] as const,
}
