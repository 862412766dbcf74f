import { productGeneratorsKey } from '@/api/products/list-generators'
import { productListKey } from '@/api/products/list-products'

/** Query keys: `['admin', 'products']` refreshes every product view (lists, details, generators, keys). */
export const productKeys = {
  all: ['admin', 'products'] as const,
  list: productListKey,
  detail: (id: string) => ['admin', 'products', id] as const,
  publicKeys: (id: string) => ['admin', 'products', id, 'public-keys'] as const,
  allGenerators: productGeneratorsKey,
}
