import { RefreshCw } from 'lucide-react'
import { useGeneratorPreview } from '@/api/products/preview-generator'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { Dialog } from '@/components/ui/dialog'
import { ErrorState } from '@/components/ui/error-state'
import { Skeleton } from '@/components/ui/skeleton'
import { Spinner } from '@/components/ui/spinner'
import type { Generator } from '../api/types'

const SAMPLE_COUNT = 5

/** Sample keys drawn by the server in the generator's format (none is stored or reserved). */
export function GeneratorPreviewDialog({ generator, onClose }: { generator: Generator | null; onClose: () => void }) {
  return (
    <Dialog
      open={generator !== null}
      onClose={onClose}
      title={generator ? `Sample keys: ${generator.name}` : 'Sample keys'}
      description="Drawn at random in this generator's format. None of them is stored or reserved."
    >
      {generator ? <PreviewBody generator={generator} onClose={onClose} /> : null}
    </Dialog>
  )
}

function PreviewBody({ generator, onClose }: { generator: Generator; onClose: () => void }) {
  const preview = useGeneratorPreview(generator.product_id, generator.id, SAMPLE_COUNT)
  const draw = () => void preview.refetch()

  return (
    <div className="flex flex-col gap-4">
      {preview.isError ? (
        <ErrorState error={preview.error} onRetry={draw} retrying={preview.isFetching} title="Could not draw sample keys" />
      ) : !preview.data ? (
        <div role="status" aria-label="Drawing sample keys" className="flex flex-col gap-2">
          {Array.from({ length: SAMPLE_COUNT }, (_, i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      ) : (
        <>
          <ul aria-label="Sample keys" className="flex flex-col divide-y divide-border rounded-md border border-border">
            {preview.data.keys.map((key) => (
              <li key={key} className="flex items-center justify-between gap-2 px-3 py-1.5">
                <code className="break-all font-mono text-sm">{key}</code>
                <CopyButton value={key} label={`sample key ${key}`} className="size-7" />
              </li>
            ))}
          </ul>
          <p className="text-xs text-muted-foreground">{Math.round(preview.data.entropy_bits)} random bits per key.</p>
        </>
      )}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={onClose}>
          Close
        </Button>
        <Button variant="secondary" onClick={draw} disabled={preview.isFetching}>
          {preview.isFetching ? <Spinner label="Drawing" /> : <RefreshCw aria-hidden="true" />}
          Draw again
        </Button>
      </div>
    </div>
  )
}
