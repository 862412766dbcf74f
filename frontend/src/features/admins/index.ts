// Public surface of the admins feature. src/app/routes.tsx imports it lazily only (a
// static import anywhere would pull the feature into the initial bundle).
export { AdminsListPage } from './routes/admins-list'
