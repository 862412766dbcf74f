import { Globe, Monitor } from 'lucide-react'
import { Badge } from '@/components/ui/badge'
import { kindLabel } from '../lib/activation-format'

/** The icon of `device` or `domain` (decorative: the kind is also written out). */
export function KindIcon({ kind, className = 'size-3.5 shrink-0' }: { kind: string; className?: string }) {
  const Icon = kind === 'domain' ? Globe : Monitor
  return <Icon aria-hidden="true" className={className} />
}

/** `device` or `domain`, with its icon (other kinds are shown as they come). */
export function KindBadge({ kind }: { kind: string }) {
  return (
    <Badge variant="outline" className="font-normal">
      <KindIcon kind={kind} />
      {kindLabel(kind)}
    </Badge>
  )
}
