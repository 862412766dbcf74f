// Public surface of the email settings feature. src/app/routes.tsx imports it lazily only
// (a static import anywhere would pull the feature into the initial bundle).
export { EmailSettingsPage } from './routes/email-settings'
