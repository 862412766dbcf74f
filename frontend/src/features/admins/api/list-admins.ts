import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { AdminList, AdminListQuery } from '../lib/types'
import { adminKeys } from './keys'

/** `GET /api/v1/admin/admins`: a page of staff accounts (super admins only). */
export async function listAdmins(query: AdminListQuery, signal?: AbortSignal): Promise<AdminList> {
  const { data, error, response } = await api.GET('/api/v1/admin/admins', { params: { query }, signal })
  if (!data) throw toApiError(error, response)
  return data
}

export function useAdmins(query: AdminListQuery) {
  return useQuery({
    queryKey: adminKeys.list(query),
    queryFn: ({ signal }) => listAdmins(query, signal),
    placeholderData: keepPreviousData,
  })
}
