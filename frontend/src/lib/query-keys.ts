/**
 * Query keys several features read or invalidate. A feature's own keys live in its
 * `api/keys.ts`; keys another feature must hit exactly (to refresh or to share a cache
 * entry) live here, so a renamed key cannot silently stop a refresh.
 */

/** `GET /admin/stats` (the dashboard). Every change to licenses, activations or customers invalidates `stats.all`. */
export const statsKeys = {
  all: ['admin', 'stats'] as const,
  days: (days: number) => ['admin', 'stats', days] as const,
}

/** `GET /admin/customers/{id}`: one cache entry, whether read by the customer page or by a filter chip. */
export const customerDetailKey = (id: string) => ['admin', 'customers', id] as const

/** The product pickers' query: the first 100 products by name (the API's largest page). */
export const PRODUCT_OPTIONS_QUERY = { per_page: 100, sort: 'name' } as const
