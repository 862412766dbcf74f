import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { CustomerLicensesQuery, LicenseList } from '../lib/types'
import { customerKeys } from './keys'

/** The License Inventory shows 15 licenses per page (the API's default). */
export const LICENSES_PER_PAGE = 15

/** `GET /api/v1/admin/customers/{id}/licenses`: a page of the customer's licenses. */
export async function getCustomerLicenses(
  id: string,
  query: CustomerLicensesQuery,
  signal?: AbortSignal,
): Promise<LicenseList> {
  const { data, error, response } = await api.GET('/api/v1/admin/customers/{id}/licenses', {
    params: { path: { id }, query },
    signal,
  })
  if (!data) throw toApiError(error, response)
  return data
}

export function useCustomerLicenses(id: string, query: CustomerLicensesQuery) {
  return useQuery({
    queryKey: customerKeys.licenses(id, query),
    queryFn: ({ signal }) => getCustomerLicenses(id, query, signal),
    placeholderData: keepPreviousData,
  })
}
