// Public surface of the portal sign-in feature; the app imports from here only.
export { portalLogout, usePortalLogout } from './api/logout'
export { PortalAcceptInvitationPage } from './routes/accept-invitation'
export { PortalForgotPasswordPage } from './routes/forgot-password'
export { PortalLoginPage } from './routes/login'
export { PortalMagicLinkPage } from './routes/magic-link'
export { PortalResetPasswordPage } from './routes/reset-password'
