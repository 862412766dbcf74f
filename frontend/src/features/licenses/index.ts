// Public surface of the licenses feature. src/app/routes.tsx imports it lazily only (a
// static import anywhere would pull the feature into the initial bundle).
export { LicensesListPage } from './routes/licenses-list'
