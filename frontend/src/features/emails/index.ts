// Public surface of the emails feature. src/app/routes.tsx imports it lazily only (a
// static import anywhere would pull the feature into the initial bundle).
export { EmailsListPage } from './routes/emails-list'
