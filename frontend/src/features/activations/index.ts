// Public surface of the activations feature. src/app/routes.tsx imports it lazily only (a
// static import anywhere would pull the feature into the initial bundle).
export { ActivationsListPage } from './routes/activations-list'
