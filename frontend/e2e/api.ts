import type { APIRequestContext } from '@playwright/test'
import type { AdminCredentials } from './fixtures'

/**
 * Test data through the real REST API, the way an integration would make it, so each
 * browser test starts from the state it describes. Every call fails the test on a
 * non-2xx answer, with the problem document in the message.
 */
export class AdminApi {
  private readonly request: APIRequestContext
  private readonly token: string

  private constructor(request: APIRequestContext, token: string) {
    this.request = request
    this.token = token
  }

  /** Signs in as `admin` through `POST /admin/auth/login`. */
  static async signIn(request: APIRequestContext, admin: AdminCredentials): Promise<AdminApi> {
    const response = await request.post('/api/v1/admin/auth/login', {
      data: { email: admin.email, password: admin.password },
    })
    if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`)
    const body = (await response.json()) as { access_token: string }
    return new AdminApi(request, body.access_token)
  }

  async call<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, data?: unknown): Promise<T> {
    const response = await this.request.fetch(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}` },
      data,
    })
    const text = await response.text()
    if (!response.ok()) throw new Error(`${method} ${path} answered ${response.status()}: ${text}`)
    return (text ? JSON.parse(text) : {}) as T
  }

  get<T = Record<string, unknown>>(path: string): Promise<T> {
    return this.call<T>('GET', path)
  }

  post<T = Record<string, unknown>>(path: string, data?: unknown): Promise<T> {
    return this.call<T>('POST', path, data ?? {})
  }

  patch<T = Record<string, unknown>>(path: string, data: unknown): Promise<T> {
    return this.call<T>('PATCH', path, data)
  }

  /** A new product with a unique name: `{id, name}`. */
  async product(name: string, fields: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
    const unique = `${name} ${Math.random().toString(36).slice(2, 7)}`
    return this.post('/admin/products', { name: unique, ...fields })
  }

  /** A new license of `productId`, assigned to `email` unless omitted: `{id, key}`. */
  async license(productId: string, email?: string, fields: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
    const created = await this.post<{ id: string; key: string }>('/admin/licenses', { product_id: productId, ...fields })
    if (email) await this.post(`/admin/licenses/${created.id}/assign`, { email })
    return created
  }

  /** An admin with `role` and a known password: the credentials to sign in with. */
  async adminWithRole(role: 'viewer' | 'operator' | 'admin' | 'super_admin'): Promise<AdminCredentials> {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`
    const password = 'correct horse battery staple'
    await this.post('/admin/admins', { email, password, role, name: `Test ${role}` })
    return { email, password }
  }
}

/** A licensing-API call as the vendor's software makes it (no bearer): the signed result. */
export async function licensing(
  request: APIRequestContext,
  action: 'activate' | 'validate' | 'deactivate',
  body: Record<string, unknown>,
): Promise<{ code: string; [key: string]: unknown }> {
  const response = await request.post(`/api/v1/licensing/${action}`, { data: body })
  if (!response.ok()) throw new Error(`licensing ${action} answered ${response.status()}: ${await response.text()}`)
  const envelope = (await response.json()) as { result: { code: string } }
  return envelope.result
}
