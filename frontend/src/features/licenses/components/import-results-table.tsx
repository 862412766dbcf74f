import { useState } from 'react'
import { Badge } from '@/components/ui/badge'
import { Checkbox } from '@/components/ui/checkbox'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatNumber } from '@/lib/format'
import type { ImportOutcome, ImportRowResult } from '../lib/csv'

const MAX_ROWS = 200

const OUTCOME: Record<ImportOutcome, { label: string; doneLabel: string; variant: 'success' | 'warning' | 'destructive' }> = {
  ok: { label: 'Ready', doneLabel: 'Imported', variant: 'success' },
  duplicate: { label: 'Duplicate', doneLabel: 'Skipped: duplicate', variant: 'warning' },
  failed: { label: 'Error', doneLabel: 'Skipped: error', variant: 'destructive' },
}

/** Per-row results of an import or its dry run: line, cells, outcome and messages. */
export function ImportResultsTable({ rows, done, caption }: { rows: ImportRowResult[]; done: boolean; caption: string }) {
  const problems = rows.filter((r) => r.outcome !== 'ok').length
  const [onlyProblems, setOnlyProblems] = useState(false)
  const visible = onlyProblems ? rows.filter((r) => r.outcome !== 'ok') : rows
  const shown = visible.slice(0, MAX_ROWS)
  return (
    <div className="flex flex-col gap-2">
      {problems > 0 && problems < rows.length ? (
        <label className="flex items-center gap-2 text-sm">
          <Checkbox checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
          Only rows with problems ({formatNumber(problems)})
        </label>
      ) : null}
      <div className="max-h-80 overflow-y-auto">
        <Table aria-label={caption}>
          <TableHeader className="sticky top-0 z-10 bg-muted">
            <TableRow>
              <TableHead className="w-14">Line</TableHead>
              <TableHead>Key</TableHead>
              <TableHead>Product</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead>Max</TableHead>
              <TableHead>Result</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((row) => {
              const outcome = OUTCOME[row.outcome]
              const cell = (i: number) => row.cells?.[i] || <span className="text-muted-foreground">—</span>
              return (
                <TableRow key={row.line} data-outcome={row.outcome}>
                  <TableCell className="tabular-nums">{row.line}</TableCell>
                  <TableCell className="max-w-40 truncate font-mono text-xs">
                    {row.cells ? row.cells[0] || <span className="font-sans text-muted-foreground">generated</span> : '—'}
                  </TableCell>
                  <TableCell className="max-w-32 truncate">{cell(1)}</TableCell>
                  <TableCell className="max-w-48 truncate">{cell(2)}</TableCell>
                  <TableCell className="whitespace-nowrap">{cell(4)}</TableCell>
                  <TableCell>{cell(5)}</TableCell>
                  <TableCell className="min-w-48">
                    <Badge variant={outcome.variant}>{done ? outcome.doneLabel : outcome.label}</Badge>
                    {row.messages.length ? (
                      <ul className="mt-1 flex flex-col gap-0.5 text-xs text-muted-foreground">
                        {row.messages.map((m) => (
                          <li key={m}>{m}</li>
                        ))}
                      </ul>
                    ) : null}
                  </TableCell>
                </TableRow>
              )
            })}
          </TableBody>
        </Table>
      </div>
      {visible.length > MAX_ROWS ? (
        <p className="text-xs text-muted-foreground">
          Showing the first {formatNumber(MAX_ROWS)} of {formatNumber(visible.length)} rows.
        </p>
      ) : null}
    </div>
  )
}
