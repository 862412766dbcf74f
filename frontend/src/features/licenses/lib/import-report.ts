import { pluralize } from '@/lib/format'
import type { ImportReport } from '../api/types'

// The license import is read and checked by the server only: the dialog sends the file with
// `?dry_run=true` for the preview and shows the server's report (nothing is parsed here).

/** The import's header, in this order (POST /admin/licenses/import): for the help and the template. */
export const IMPORT_COLUMNS = ['key', 'product', 'email', 'name', 'expires_at', 'max_activations'] as const

export type ImportProblemKind = 'duplicate' | 'failed'

/** A line of the file the import skips (or would skip), as the server reported it. */
export interface ImportProblem {
  /** The line in the file; the header is line 1. */
  line: number
  kind: ImportProblemKind
  /** "email must be a valid email address", "Duplicate key PRO-1: the key already exists"… */
  messages: string[]
}

/** A field error as a sentence: "email must be a valid email address"; the whole row: "Row has 5 columns…". */
function fieldMessage(field: string, message: string): string {
  return field === 'row' ? `Row ${message}` : `${field} ${message}`
}

/** The report's failed and duplicate rows, one entry per line, in line order (a failed line stays failed). */
export function importProblems(report: ImportReport): ImportProblem[] {
  const byLine = new Map<number, ImportProblem>()
  const at = (line: number, kind: ImportProblemKind): ImportProblem => {
    let row = byLine.get(line)
    if (!row) {
      row = { line, kind, messages: [] }
      byLine.set(line, row)
    }
    return row
  }
  for (const failed of report.failed) {
    const row = at(failed.line, 'failed')
    row.kind = 'failed'
    for (const [field, messages] of Object.entries(failed.errors)) {
      for (const message of messages ?? []) row.messages.push(fieldMessage(field, message))
    }
  }
  for (const duplicate of report.duplicates) {
    at(duplicate.line, 'duplicate').messages.push(`Duplicate key ${duplicate.key}: ${duplicate.reason}`)
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line)
}

/**
 * "4 rows checked: 2 ready to import, 1 duplicate, 1 row with errors." (dry run) or
 * "Imported 2 licenses. Skipped 1 duplicate and 1 row with errors."
 */
export function importSummary(report: ImportReport): string {
  const skipped: string[] = []
  if (report.duplicates.length) skipped.push(pluralize(report.duplicates.length, 'duplicate'))
  if (report.failed.length) skipped.push(`${pluralize(report.failed.length, 'row')} with errors`)
  if (report.dry_run) {
    const parts = [`${report.created} ready to import`, ...skipped]
    return `${pluralize(report.rows, 'row')} checked: ${parts.join(', ')}.`
  }
  const head = `Imported ${pluralize(report.created, 'license')}.`
  return skipped.length ? `${head} Skipped ${skipped.join(' and ')}.` : head
}

/** The import's size limit in the server's default configuration (LATCHKEY_MAX_IMPORT_BYTES). */
export const DEFAULT_IMPORT_LIMIT_BYTES = 64 * 1024 * 1024

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`
}
