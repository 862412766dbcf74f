import { CircleAlert } from 'lucide-react'
import type { ReactNode } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { errorMessage } from '@/lib/problem'

/** A refusal as a red alert: the problem's detail (and when to retry), plus optional next steps. */
export function ErrorAlert({ error, children }: { error: unknown; children?: ReactNode }) {
  return (
    <Alert variant="destructive">
      <CircleAlert aria-hidden="true" />
      <AlertDescription>
        <p>{errorMessage(error)}</p>
        {children}
      </AlertDescription>
    </Alert>
  )
}
