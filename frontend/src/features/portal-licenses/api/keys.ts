import { PORTAL_QUERY_ROOT } from '@/hooks/use-portal-session'

/** Under `['portal']`, so a sign-in, sign-out or deactivation refreshes every portal view. */
export const portalKeys = {
  all: PORTAL_QUERY_ROOT,
  dashboard: ['portal', 'dashboard'] as const,
  licenses: (query: object) => ['portal', 'licenses', 'list', query] as const,
  license: (id: string) => ['portal', 'licenses', id] as const,
  activations: (query: object) => ['portal', 'activations', 'list', query] as const,
}
