import { Link } from 'react-router'
import { buttonVariants } from '@/components/ui/button-variants'

/** Any unknown URL. Inside a shell (admin or portal) it keeps the navigation; `home` is that area's dashboard. */
export function NotFoundPage({ embedded = false, home = '/admin' }: { embedded?: boolean; home?: string }) {
  return (
    <div
      className={
        embedded
          ? 'flex flex-1 flex-col items-center justify-center gap-4 py-16 text-center'
          : 'flex min-h-dvh flex-col items-center justify-center gap-4 bg-background px-4 text-center text-foreground'
      }
    >
      <p className="text-sm font-semibold text-primary">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="max-w-md text-muted-foreground">
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <Link to={home} className={buttonVariants()}>
        Back to the dashboard
      </Link>
    </div>
  )
}
