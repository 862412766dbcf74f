// Friendly names for the generated API types this feature uses (never hand-written).
import type { components, operations } from '@/lib/api/schema'

export type Activation = components['schemas']['Activation']
export type ActivationList = components['schemas']['ActivationList']
export type ActivationListQuery = NonNullable<operations['list_activations']['parameters']['query']>
export type License = components['schemas']['License']
