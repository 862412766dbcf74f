// Public surface of the products feature. src/app/routes.tsx imports it lazily only (a
// static import anywhere would pull the feature into the initial bundle).
export { ProductDetailPage } from './routes/product-detail'
export { ProductsListPage } from './routes/products-list'
