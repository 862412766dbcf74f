// Friendly names for the generated API types this feature uses (never hand-written).
import type { components, operations } from '@/lib/api/schema'

export type EmailDelivery = components['schemas']['EmailDelivery']
export type EmailDeliveryList = components['schemas']['EmailDeliveryList']
export type DeliveryStatus = components['schemas']['DeliveryStatus']
export type EmailListQuery = NonNullable<operations['list_emails']['parameters']['query']>
