import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { toApiError } from '@/lib/problem'
import type { Impersonation } from '../lib/types'
import { customerKeys } from './keys'

/** `POST /api/v1/admin/customers/{id}/impersonate`: a 15-minute, read-only portal token. Admin and up. */
export async function impersonateCustomer(id: string): Promise<Impersonation> {
  const { data, error, response } = await api.POST('/api/v1/admin/customers/{id}/impersonate', {
    params: { path: { id } },
  })
  if (!data) throw toApiError(error, response)
  return data
}

/**
 * The portal address that opens the session: the server's `portal_url` with the token in the
 * fragment (`#impersonation_token=…`). A fragment is never sent to a server, so the token
 * stays out of access logs, proxies and `Referer` headers.
 */
export function impersonationUrl(impersonation: Impersonation, origin: string = globalThis.location?.origin ?? 'http://localhost'): string {
  const url = new URL(impersonation.portal_url || '/portal', origin)
  url.hash = new URLSearchParams({ impersonation_token: impersonation.token }).toString()
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : url.toString()
}

export function useImpersonateCustomer() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: impersonateCustomer,
    // The impersonation token must not linger in the mutation cache.
    gcTime: 0,
    onSuccess: (_token, id) => {
      void queryClient.invalidateQueries({ queryKey: customerKeys.timeline(id) })
    },
  })
}
