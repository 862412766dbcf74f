import { CircleCheck, TriangleAlert } from 'lucide-react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import type { PortalLicense } from '../api/types'

/**
 * The server's plain-language line on the license ("Valid until 1 March 2027.", "Expired on
 * …: ask the vendor to renew it."): quiet when the license works, a prominent alert when not.
 */
export function LicenseExplanation({ license }: { license: Pick<PortalLicense, 'valid' | 'explanation'> }) {
  if (license.valid) {
    return (
      <p className="flex items-start gap-2 text-sm text-muted-foreground" data-testid="license-explanation">
        <CircleCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" />
        {license.explanation}
      </p>
    )
  }
  return (
    <Alert variant="destructive" role="note" aria-label="Why this license is not valid" data-testid="license-explanation">
      <TriangleAlert aria-hidden="true" />
      <AlertDescription className="font-medium">{license.explanation}</AlertDescription>
    </Alert>
  )
}
