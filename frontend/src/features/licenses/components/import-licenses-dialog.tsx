import { CircleAlert, CircleCheck, Download, FileUp } from 'lucide-react'
import { useId, useState, type ChangeEvent } from 'react'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogFooter } from '@/components/ui/dialog'
import { FieldError } from '@/components/ui/field-error'
import { Spinner } from '@/components/ui/spinner'
import { Textarea } from '@/components/ui/textarea'
import { saveBlob } from '@/lib/download'
import { pluralize } from '@/lib/format'
import { ApiError, errorMessage } from '@/lib/problem'
import { cn } from '@/lib/utils'
import { useCheckImport, useImportLicenses, type ImportSource } from '../api/import-licenses'
import type { ImportReport } from '../api/types'
import { DEFAULT_IMPORT_LIMIT_BYTES, formatBytes, IMPORT_COLUMNS, importProblems, importSummary } from '../lib/import-report'
import { ImportResultsTable } from './import-results-table'

const TEMPLATE = `${IMPORT_COLUMNS.join(',')}\nPRO-AAAA-BBBB-CCCC,pro-editor,sarah@acme.com,Sarah Chen,2027-12-31,3\n,pro-editor,,,,\n`

type Source = 'file' | 'paste'

interface Checked {
  /** What was sent: the File itself, or the pasted text. */
  source: ImportSource
  report: ImportReport
}

/** "Import CSV" (admin): choose or paste a file, check it (dry run), then import it for real. */
export function ImportLicensesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const check = useCheckImport()
  const run = useImportLicenses()
  const close = () => {
    check.reset()
    run.reset()
    onClose()
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      dismissible={!run.isPending && !check.isPending}
      size="xl"
      title="Import licenses from CSV"
      description="Check the file first: nothing is written until you import."
    >
      <ImportBody check={check} run={run} onClose={close} />
    </Dialog>
  )
}

function ImportHelp() {
  return (
    <details className="rounded-lg border border-border bg-muted/40 px-4 py-3 text-sm">
      <summary className="cursor-pointer font-medium">CSV format</summary>
      <div className="mt-3 flex flex-col gap-2 text-muted-foreground">
        <p>
          The first line must be exactly <code className="rounded bg-muted px-1 font-mono text-foreground">{IMPORT_COLUMNS.join(',')}</code>
        </p>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            <strong className="text-foreground">key</strong>: 4 to 200 printable characters without spaces; blank = generate one.
            Keys already issued (or earlier in the file) are skipped as duplicates.
          </li>
          <li>
            <strong className="text-foreground">product</strong>: the product’s slug or id (required; the product must be active).
          </li>
          <li>
            <strong className="text-foreground">email</strong>: the owner; blank = unassigned. A new email creates the customer.
          </li>
          <li>
            <strong className="text-foreground">name</strong>: the customer’s name if they are created (optional, up to 200
            characters).
          </li>
          <li>
            <strong className="text-foreground">expires_at</strong>: YYYY-MM-DD or an RFC 3339 time; blank = the product’s validity
            (from assignment) or never.
          </li>
          <li>
            <strong className="text-foreground">max_activations</strong>: a whole number of at least 1; blank = the product’s default.
          </li>
        </ul>
        <p>
          Line numbers count the header as line 1. Rows with errors and duplicates are skipped; the good rows are imported together in
          one transaction. Files up to {formatBytes(DEFAULT_IMPORT_LIMIT_BYTES)} (the server’s default limit).
        </p>
      </div>
    </details>
  )
}

function ImportBody({
  check,
  run,
  onClose,
}: {
  check: ReturnType<typeof useCheckImport>
  run: ReturnType<typeof useImportLicenses>
  onClose: () => void
}) {
  const id = useId()
  const [source, setSource] = useState<Source>('file')
  const [file, setFile] = useState<File | null>(null)
  const [pasted, setPasted] = useState('')
  const [checked, setChecked] = useState<Checked | null>(null)
  const [imported, setImported] = useState<ImportReport | null>(null)

  // The file goes to the server as it is; nothing is read or parsed here.
  const payload: ImportSource | null = source === 'file' ? file : pasted.trim() ? pasted : null
  const current = checked && payload !== null && checked.source === payload ? checked : null
  const checkFieldErrors = check.error instanceof ApiError ? check.error.fieldErrors : {}
  const inputError = checkFieldErrors.file?.join(' ') ?? null
  const checkGeneral = check.error && !checkFieldErrors.file ? errorMessage(check.error) : null

  const pickFile = (event: ChangeEvent<HTMLInputElement>) => {
    check.reset()
    setFile(event.target.files?.[0] ?? null)
  }

  const runCheck = () => {
    if (payload === null || check.isPending) return
    const snapshot = payload
    check.reset()
    check.mutate(snapshot, { onSuccess: (report) => setChecked({ source: snapshot, report }) })
  }

  const runImport = () => {
    if (!current || run.isPending) return
    run.mutate(current.source, { onSuccess: (report) => setImported(report) })
  }

  if (imported) {
    const report = imported
    const problems = importProblems(report)
    return (
      <div className="flex flex-col gap-4">
        <Alert variant={report.failed.length || report.duplicates.length ? 'default' : 'info'}>
          <CircleCheck aria-hidden="true" />
          <AlertTitle>Import finished</AlertTitle>
          <AlertDescription>{importSummary(report)}</AlertDescription>
        </Alert>
        {problems.length ? <ImportResultsTable rows={problems} done caption="Import results" /> : null}
        <DialogFooter>
          <Button onClick={onClose} data-autofocus>
            Done
          </Button>
        </DialogFooter>
      </div>
    )
  }

  if (run.isPending && current) {
    return (
      <div className="flex flex-col gap-4 py-6" aria-live="polite">
        <p className="text-sm font-medium">Importing {pluralize(current.report.created, 'license')}…</p>
        <div
          role="progressbar"
          aria-label="Importing licenses"
          aria-valuetext={`Importing ${pluralize(current.report.created, 'license')}`}
          className="relative h-2 w-full overflow-hidden rounded-full bg-muted"
        >
          <div className="absolute inset-y-0 left-0 w-1/3 animate-import-progress rounded-full bg-primary" />
        </div>
        <p className="text-sm text-muted-foreground">Keep this window open: the rows are written in one transaction.</p>
      </div>
    )
  }

  return (
    <div className="flex flex-col gap-4">
      <ImportHelp />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="radiogroup" aria-label="CSV source" className="inline-flex rounded-md border border-border p-0.5">
          {(
            [
              ['file', 'Upload a file'],
              ['paste', 'Paste CSV'],
            ] as const
          ).map(([value, label]) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={source === value}
              onClick={() => setSource(value)}
              className={cn(
                'rounded px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                source === value ? 'bg-primary text-primary-foreground' : 'text-muted-foreground hover:text-foreground',
              )}
            >
              {label}
            </button>
          ))}
        </div>
        <Button variant="ghost" size="sm" onClick={() => saveBlob(new Blob([TEMPLATE], { type: 'text/csv' }), 'licenses-import-template.csv')}>
          <Download aria-hidden="true" />
          Download template
        </Button>
      </div>
      {source === 'file' ? (
        <div className="flex flex-col gap-2">
          <label htmlFor={`${id}-file`} className="text-sm font-medium">
            CSV file
          </label>
          <div className="flex flex-wrap items-center gap-3 rounded-lg border border-dashed border-border px-4 py-4">
            <FileUp aria-hidden="true" className="size-5 text-muted-foreground" />
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={pickFile}
              aria-describedby={inputError ? `${id}-input-error` : undefined}
              aria-invalid={inputError ? true : undefined}
              className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-background file:px-3 file:py-1.5 file:text-sm file:font-medium"
              data-autofocus
            />
            {file ? (
              <span className="text-sm text-muted-foreground">
                {formatBytes(file.size)}
                {file.size > DEFAULT_IMPORT_LIMIT_BYTES ? ' – larger than the default import limit' : ''}
              </span>
            ) : null}
          </div>
        </div>
      ) : (
        <div className="flex flex-col gap-2">
          <label htmlFor={`${id}-paste`} className="text-sm font-medium">
            CSV text
          </label>
          <Textarea
            id={`${id}-paste`}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            rows={8}
            spellCheck={false}
            placeholder={TEMPLATE}
            className="font-mono text-xs"
            aria-describedby={inputError ? `${id}-input-error` : undefined}
            aria-invalid={inputError ? true : undefined}
            data-autofocus
          />
        </div>
      )}
      <FieldError id={`${id}-input-error`} messages={inputError ? [inputError] : undefined} />
      {checkGeneral ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{checkGeneral}</AlertDescription>
        </Alert>
      ) : null}
      {run.error ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden="true" />
          <AlertTitle>The import failed; nothing was written</AlertTitle>
          <AlertDescription>{errorMessage(run.error)}</AlertDescription>
        </Alert>
      ) : null}
      {current ? (
        <section aria-label="Dry run results" className="flex flex-col gap-3">
          <Alert variant={current.report.failed.length || current.report.duplicates.length ? 'default' : 'info'}>
            <CircleCheck aria-hidden="true" />
            <AlertTitle>Dry run: nothing was written</AlertTitle>
            <AlertDescription>{importSummary(current.report)}</AlertDescription>
          </Alert>
          {importProblems(current.report).length ? (
            <ImportResultsTable rows={importProblems(current.report)} done={false} caption="Dry run results" />
          ) : null}
        </section>
      ) : checked ? (
        <p className="text-sm text-muted-foreground">The CSV changed since it was checked: check it again.</p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onClose} disabled={check.isPending}>
          Cancel
        </Button>
        <Button variant={current ? 'outline' : 'default'} onClick={runCheck} disabled={payload === null || check.isPending}>
          {check.isPending ? <Spinner label="Checking" /> : null}
          {current ? 'Check again' : 'Check file'}
        </Button>
        {current ? (
          <Button onClick={runImport} disabled={current.report.created === 0 || run.isPending}>
            Import {pluralize(current.report.created, 'license')}
          </Button>
        ) : null}
      </DialogFooter>
    </div>
  )
}
