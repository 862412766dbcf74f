// Public surface of the api-keys feature. src/app/routes.tsx imports it lazily only (a
// static import anywhere would pull the feature into the initial bundle).
export { ApiKeysListPage } from './routes/api-keys-list'
