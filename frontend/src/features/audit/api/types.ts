// Friendly names for the generated API types this feature uses (never hand-written).
import type { components, operations } from '@/lib/api/schema'

export type AuditEvent = components['schemas']['AuditEvent']
export type AuditEventList = components['schemas']['AuditEventList']
export type ActorKind = components['schemas']['ActorKind']
export type AuditQuery = NonNullable<operations['list_audit_events']['parameters']['query']>
