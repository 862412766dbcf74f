import type { operations } from '@/lib/api/schema'

export type ActivationListQuery = NonNullable<operations['list_activations']['parameters']['query']>

/** Activation query keys: everything under `['admin', 'activations']` is refreshed by a deactivation. */
export const activationKeys = {
  all: ['admin', 'activations'] as const,
  list: (query: ActivationListQuery) => ['admin', 'activations', 'list', query] as const,
  detail: (id: string) => ['admin', 'activations', id] as const,
}
