// Public surface of the audit feature. src/app/routes.tsx imports it lazily only (a
// static import anywhere would pull the feature into the initial bundle).
export { AuditLogPage } from './routes/audit-log'
