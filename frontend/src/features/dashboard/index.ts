export { DashboardPage } from './routes/dashboard'
