import { Navigate, type RouteObject } from 'react-router'
import { LoginPage, RequireAuth } from '@/features/auth'
import { AdminRoot } from './routes/admin-root'
import { DashboardRoute } from './routes/dashboard'
import { NotFoundPage } from './routes/not-found'
import { RouteError } from './routes/route-error'

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
          { index: true, element: <DashboardRoute /> },
          { path: '*', element: <NotFoundPage embedded /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]
