import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import { licenseKeys } from './keys'
import type { LicenseList, LicenseListQuery } from './types'

/** `GET /api/v1/admin/licenses`: a page of licenses matching the filters. */
export async function listLicenses(query: LicenseListQuery): Promise<LicenseList> {
  const { data, error, response } = await api.GET('/api/v1/admin/licenses', { params: { query } })
  if (!data) throw toApiError(error, response)
  return data
}

export function useLicenses(query: LicenseListQuery) {
  return useQuery({
    queryKey: licenseKeys.list(query),
    queryFn: () => listLicenses(query),
    placeholderData: keepPreviousData,
  })
}
