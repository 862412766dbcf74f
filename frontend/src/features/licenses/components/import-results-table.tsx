import { Badge } from '@/components/ui/badge'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatNumber } from '@/lib/format'
import type { ImportProblem, ImportProblemKind } from '../lib/import-report'

const MAX_ROWS = 200

const KIND: Record<ImportProblemKind, { label: string; doneLabel: string; variant: 'warning' | 'destructive' }> = {
  duplicate: { label: 'Duplicate', doneLabel: 'Skipped: duplicate', variant: 'warning' },
  failed: { label: 'Error', doneLabel: 'Skipped: error', variant: 'destructive' },
}

/** The lines an import (or its dry run) skips, by line number, with the server's reasons. */
export function ImportResultsTable({ rows, done, caption }: { rows: ImportProblem[]; done: boolean; caption: string }) {
  const shown = rows.slice(0, MAX_ROWS)
  return (
    <div className="flex flex-col gap-2">
      <div className="max-h-80 overflow-y-auto">
        <Table aria-label={caption}>
          <TableHeader className="sticky top-0 z-10 bg-muted">
            <TableRow>
              <TableHead className="w-14">Line</TableHead>
              <TableHead>Result</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((row) => {
              const kind = KIND[row.kind]
              return (
                <TableRow key={row.line} data-outcome={row.kind}>
                  <TableCell className="tabular-nums">{row.line}</TableCell>
                  <TableCell className="min-w-48">
                    <Badge variant={kind.variant}>{done ? kind.doneLabel : kind.label}</Badge>
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
      {rows.length > MAX_ROWS ? (
        <p className="text-xs text-muted-foreground">
          Showing the first {formatNumber(MAX_ROWS)} of {formatNumber(rows.length)} lines.
        </p>
      ) : null}
    </div>
  )
}
