// Public surface of the auth feature; the app imports from here only.
export { useLogin } from './api/login'
export { useLogout } from './api/logout'
export { RequireAuth } from './components/require-auth'
export { LoginForm } from './components/login-form'
export { useSession } from './lib/use-session'
export { LoginPage } from './routes/login'
