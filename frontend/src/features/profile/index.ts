// Public surface of the profile feature. src/app/routes.tsx imports it lazily only (a
// static import anywhere would pull the feature into the initial bundle).
export { ProfilePage } from './routes/profile'
