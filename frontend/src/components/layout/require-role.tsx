import { ShieldOff } from 'lucide-react'
import type { ReactNode } from 'react'
import { EmptyState } from '@/components/ui/empty-state'
import { useCan } from '@/hooks/use-can'
import type { AdminRole } from '@/lib/api/types'
import { roleLabel } from '@/lib/roles'

/** Shows a page only to `min` and above; others (e.g. following an old link) get a plain refusal. */
export function RequireRole({ min, children }: { min: AdminRole; children: ReactNode }) {
  const allowed = useCan(min)
  if (allowed) return children
  return (
    <EmptyState icon={ShieldOff} title="You do not have access to this page" className="mx-auto w-full max-w-xl">
      It needs the {roleLabel(min)} role or higher. Ask a super admin if you need it.
    </EmptyState>
  )
}
