// Public surface of the customers feature. src/app/routes.tsx imports it lazily only (a
// static import anywhere would pull the feature into the initial bundle).
export { CustomerDetailPage } from './routes/customer-detail'
export { CustomersListPage } from './routes/customers-list'
