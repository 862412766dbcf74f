// Public surface of the portal's licenses and devices pages; the app imports from here only.
export { PortalActivationsPage } from './routes/activations'
export { PortalDashboardPage } from './routes/dashboard'
export { PortalLicenseDetailPage } from './routes/license-detail'
export { PortalLicensesPage } from './routes/licenses'
