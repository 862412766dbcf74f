import type { AdminListQuery } from '../lib/types'

/** Query keys of the admins feature; `all` refreshes every admin view. */
export const adminKeys = {
  all: ['admin', 'admins'] as const,
  list: (query: AdminListQuery) => ['admin', 'admins', 'list', query] as const,
}
