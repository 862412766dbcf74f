// Public surface of the portal's profile and security page; the app imports from here only.
export { PortalProfilePage } from './routes/profile'
