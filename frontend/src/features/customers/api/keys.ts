import { customerDetailKey } from '@/lib/query-keys'
import { customersListKey } from '@/api/customers/list-customers'
import type { CustomerActivationsQuery, CustomerLicensesQuery, CustomersQuery } from '../lib/types'

/**
 * Query keys of the customers feature. Everything starts with `['admin', 'customers']`, so
 * invalidating that prefix refreshes every customer view; license and activation changes
 * also invalidate `['admin', 'licenses']` / `['admin', 'activations']` for other pages.
 */
export const customerKeys = {
  all: ['admin', 'customers'] as const,
  lists: () => [...customerKeys.all, 'list'] as const,
  list: (query: CustomersQuery) => customersListKey(query),
  detail: (id: string) => customerDetailKey(id),
  licenses: (id: string, query: CustomerLicensesQuery) => [...customerKeys.detail(id), 'licenses', query] as const,
  activations: (id: string, query: CustomerActivationsQuery) => [...customerKeys.detail(id), 'activations', query] as const,
  timeline: (id: string) => [...customerKeys.detail(id), 'timeline'] as const,
}

export const licensesKey = ['admin', 'licenses'] as const
export const activationsKey = ['admin', 'activations'] as const
