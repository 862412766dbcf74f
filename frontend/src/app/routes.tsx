import { lazy, Suspense, type ComponentType } from 'react'
import { Navigate, type RouteObject } from 'react-router'
import { RequireRole } from '@/components/layout/require-role'
import { PageSpinner } from '@/components/ui/spinner'
import { LoginPage, RequireAuth } from '@/features/auth'
import { AdminRoot } from './routes/admin-root'
import { NotFoundPage } from './routes/not-found'
import { PortalPublicRoot } from './routes/portal-public-root'
import { RouteError } from './routes/route-error'

/**
 * A page loaded on first visit (its own JS chunk). AdminRoot wraps the outlet in
 * <Suspense> with a skeleton. Import features here ONLY through `import()`: a static
 * import of a feature would pull it into the initial bundle.
 */
function page<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  const Page = lazy(() => load().then((module) => ({ default: pick(module) })))
  return <Page />
}

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <Navigate to="/admin" replace /> },
      { path: '/admin/login', element: <LoginPage /> },
      {
        path: '/admin',
        element: (
          <RequireAuth>
            <AdminRoot />
          </RequireAuth>
        ),
        children: [
          { index: true, element: page(() => import('./routes/dashboard'), (m) => m.DashboardRoute) },
          { path: 'customers', element: page(() => import('@/features/customers'), (m) => m.CustomersListPage) },
          { path: 'customers/:id', element: page(() => import('@/features/customers'), (m) => m.CustomerDetailPage) },
          { path: 'licenses', element: page(() => import('@/features/licenses'), (m) => m.LicensesListPage) },
          { path: 'activations', element: page(() => import('@/features/activations'), (m) => m.ActivationsListPage) },
          { path: 'products', element: page(() => import('@/features/products'), (m) => m.ProductsListPage) },
          { path: 'products/:id', element: page(() => import('@/features/products'), (m) => m.ProductDetailPage) },
          {
            path: 'audit',
            element: <RequireRole min="admin">{page(() => import('@/features/audit'), (m) => m.AuditLogPage)}</RequireRole>,
          },
          {
            path: 'api-keys',
            element: <RequireRole min="admin">{page(() => import('@/features/api-keys'), (m) => m.ApiKeysListPage)}</RequireRole>,
          },
          {
            path: 'emails',
            element: <RequireRole min="admin">{page(() => import('@/features/emails'), (m) => m.EmailsListPage)}</RequireRole>,
          },
          {
            path: 'settings/email',
            element: (
              <RequireRole min="super_admin">{page(() => import('@/features/email-settings'), (m) => m.EmailSettingsPage)}</RequireRole>
            ),
          },
          {
            path: 'admins',
            element: <RequireRole min="super_admin">{page(() => import('@/features/admins'), (m) => m.AdminsListPage)}</RequireRole>,
          },
          { path: 'profile', element: page(() => import('@/features/profile'), (m) => m.ProfilePage) },
          { path: '*', element: <NotFoundPage embedded /> },
        ],
      },
      // The client portal: its own sign-in, shell and session; no admin code or token.
      {
        element: <PortalPublicRoot />,
        children: [
          { path: '/portal/login', element: page(() => import('@/features/portal-auth'), (m) => m.PortalLoginPage) },
          { path: '/portal/magic-link', element: page(() => import('@/features/portal-auth'), (m) => m.PortalMagicLinkPage) },
          { path: '/portal/accept-invitation', element: page(() => import('@/features/portal-auth'), (m) => m.PortalAcceptInvitationPage) },
          { path: '/portal/forgot-password', element: page(() => import('@/features/portal-auth'), (m) => m.PortalForgotPasswordPage) },
          { path: '/portal/reset-password', element: page(() => import('@/features/portal-auth'), (m) => m.PortalResetPasswordPage) },
        ],
      },
      {
        path: '/portal',
        // The shell is a chunk of its own, so the admin portal's first load does not carry it.
        element: <Suspense fallback={<PageSpinner />}>{page(() => import('./routes/portal-root'), (m) => m.PortalRoot)}</Suspense>,
        children: [
          { index: true, element: page(() => import('@/features/portal-licenses'), (m) => m.PortalDashboardPage) },
          { path: 'licenses', element: page(() => import('@/features/portal-licenses'), (m) => m.PortalLicensesPage) },
          { path: 'licenses/:id', element: page(() => import('@/features/portal-licenses'), (m) => m.PortalLicenseDetailPage) },
          { path: 'activations', element: page(() => import('@/features/portal-licenses'), (m) => m.PortalActivationsPage) },
          { path: 'profile', element: page(() => import('@/features/portal-profile'), (m) => m.PortalProfilePage) },
          { path: '*', element: <NotFoundPage embedded home="/portal" /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]
