import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { vi } from 'vitest'
import type { Admin, TokenResponse } from '@/lib/api/types'
import { resetPortalSession } from '@/lib/portal-session'
import { resetSession } from '@/lib/session'

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  })
}

export function withQueryClient(children: ReactNode, client: QueryClient = createTestQueryClient()) {
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>
}

export function makeAdmin(overrides: Partial<Admin> = {}): Admin {
  return {
    id: '01943b6e-7a4c-7d2e-9f10-2a3b4c5d6e7f',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    role: 'super_admin',
    status: 'active',
    two_factor_enabled: false,
    last_login_at: '2026-01-26T14:03:00Z',
    created_at: '2026-01-01T09:00:00Z',
    updated_at: '2026-01-26T14:03:00Z',
    ...overrides,
  }
}

export function makeTokens(overrides: Partial<TokenResponse> = {}): TokenResponse {
  return {
    access_token: 'access-1',
    token_type: 'Bearer',
    expires_in: 900,
    admin: makeAdmin(),
    ...overrides,
  }
}

/**
 * Forgets every session as a new page load does: the admin and portal apps then restore
 * theirs from the refresh cookie (`POST …/auth/refresh`) on first use. The test setup starts
 * each test past that step, signed out.
 */
export function freshPageLoad(): void {
  resetSession()
  resetPortalSession()
}

/** Everything the page keeps in localStorage and sessionStorage, as `key=value` lines. */
export function webStorageContents(): string[] {
  const out: string[] = []
  for (const [name, storage] of [
    ['localStorage', localStorage],
    ['sessionStorage', sessionStorage],
  ] as const) {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i)!
      out.push(`${name}:${key}=${storage.getItem(key)}`)
    }
  }
  return out
}

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const status = init.status ?? 200
  const contentType = status >= 400 ? 'application/problem+json' : 'application/json'
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType, ...init.headers },
  })
}

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return {
    type: `https://latchkey.dev/problems/${code}`,
    title: code.replace(/_/g, ' '),
    status,
    detail,
    code,
    ...extra,
  }
}

/** A recorded call to the stubbed fetch. */
export interface RecordedRequest {
  method: string
  path: string
  /** The query string without `?` ("" when none). */
  search: string
  headers: Headers
  /** The body parsed as JSON when it is JSON, else the raw text (e.g. a CSV upload). */
  body: unknown
}

type Responder = (request: RecordedRequest, index: number) => Response | Promise<Response>

/**
 * Replaces `globalThis.fetch` with a stub that records every request (method, path,
 * query, headers, body) and answers it: from `responders` in order, or from one
 * function that routes by request.
 */
export function stubFetch(responders: Responder[] | Responder): RecordedRequest[] {
  const calls: RecordedRequest[] = []
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const text = await request.text()
    const url = new URL(request.url)
    const isJson = request.headers.get('Content-Type')?.includes('json') ?? false
    const recorded: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      search: url.search.replace(/^\?/, ''),
      headers: new Headers(request.headers),
      body: text ? (isJson ? JSON.parse(text) : text) : undefined,
    }
    const index = calls.length
    calls.push(recorded)
    const responder = Array.isArray(responders) ? responders[index] : responders
    if (!responder) throw new Error(`unexpected request #${index + 1}: ${recorded.method} ${recorded.path}`)
    return responder(recorded, index)
  }
  vi.stubGlobal('fetch', vi.fn(fn))
  return calls
}
