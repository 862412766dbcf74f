import { pluralize } from '@/lib/format'
import type { ImportReport } from '../api/types'

/** The import's header, in this order (POST /admin/licenses/import). */
export const IMPORT_COLUMNS = ['key', 'product', 'email', 'name', 'expires_at', 'max_activations'] as const

/** One record of a CSV file and the line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number
  cells: string[]
}

export interface ParsedCsv {
  header: string[]
  records: CsvRecord[]
}

/**
 * Reads CSV text the way the server does (RFC 4180 quoting, cells trimmed, blank lines
 * skipped, a leading BOM ignored), numbering each record by the physical line it starts
 * on, CRLF, CR and LF each ending one line, so rows match the server's report.
 */
export function parseCsv(text: string): ParsedCsv {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: CsvRecord[] = []
  let line = 1
  let cells: string[] = []
  let cell = ''
  let started = false
  let startLine = 1
  let quoted = false
  let i = 0

  const endCell = () => {
    cells.push(cell.trim())
    cell = ''
  }
  const endRecord = () => {
    if (started) {
      endCell()
      rows.push({ line: startLine, cells })
    }
    cells = []
    cell = ''
    started = false
  }

  while (i < source.length) {
    const ch = source[i]
    if (!started) {
      started = ch !== '\r' && ch !== '\n'
      startLine = line
    }
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        quoted = false
      } else {
        if (ch === '\n' || (ch === '\r' && source[i + 1] !== '\n')) line += 1
        cell += ch
      }
      i += 1
      continue
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (ch === ',') {
      endCell()
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && source[i + 1] === '\n') i += 1
      endRecord()
      line += 1
    } else {
      cell += ch
    }
    i += 1
  }
  endRecord()

  const [first, ...records] = rows
  return { header: first ? first.cells.map((h) => h.toLowerCase()) : [], records }
}

/** Whether the header is exactly the import's (the server refuses anything else). */
export function hasImportHeader(parsed: ParsedCsv): boolean {
  return parsed.header.length === IMPORT_COLUMNS.length && IMPORT_COLUMNS.every((c, i) => parsed.header[i] === c)
}

export type ImportOutcome = 'ok' | 'duplicate' | 'failed'

/** One data row with what the import did (or would do) with it. */
export interface ImportRowResult {
  line: number
  /** The row's cells as parsed here; null when the server reports a line we did not parse. */
  cells: string[] | null
  outcome: ImportOutcome
  /** "email must be a valid email address", "the key already exists"… */
  messages: string[]
}

/** A field error as a sentence: "email must be a valid email address"; the whole row: "Row has 5 columns…". */
function fieldMessage(field: string, message: string): string {
  return field === 'row' ? `Row ${message}` : `${field} ${message}`
}

/**
 * Joins the server's report with the rows parsed here: every row, in line order, with its
 * outcome. Rows the report does not name are the good ones.
 */
export function importResults(parsed: ParsedCsv | null, report: ImportReport): ImportRowResult[] {
  const byLine = new Map<number, ImportRowResult>()
  for (const record of parsed?.records ?? []) {
    byLine.set(record.line, { line: record.line, cells: record.cells, outcome: 'ok', messages: [] })
  }
  const at = (line: number): ImportRowResult => {
    let row = byLine.get(line)
    if (!row) {
      row = { line, cells: null, outcome: 'ok', messages: [] }
      byLine.set(line, row)
    }
    return row
  }
  for (const failed of report.failed) {
    const row = at(failed.line)
    row.outcome = 'failed'
    for (const [field, messages] of Object.entries(failed.errors)) {
      for (const message of messages ?? []) row.messages.push(fieldMessage(field, message))
    }
  }
  for (const duplicate of report.duplicates) {
    const row = at(duplicate.line)
    if (row.outcome !== 'failed') row.outcome = 'duplicate'
    row.messages.push(`Duplicate key ${duplicate.key}: ${duplicate.reason}`)
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line)
}

/** Counts for the summary line. */
export function importCounts(report: ImportReport): { rows: number; created: number; duplicates: number; failed: number } {
  return { rows: report.rows, created: report.created, duplicates: report.duplicates.length, failed: report.failed.length }
}

/**
 * "4 rows checked: 2 ready to import, 1 duplicate, 1 with errors." (dry run) or
 * "Imported 2 licenses. Skipped 1 duplicate and 1 row with errors."
 */
export function importSummary(report: ImportReport): string {
  const { rows, created, duplicates, failed } = importCounts(report)
  const skipped: string[] = []
  if (duplicates) skipped.push(pluralize(duplicates, 'duplicate'))
  if (failed) skipped.push(`${pluralize(failed, 'row')} with errors`)
  if (report.dry_run) {
    const parts = [`${created} ready to import`, ...skipped]
    return `${pluralize(rows, 'row')} checked: ${parts.join(', ')}.`
  }
  const head = `Imported ${pluralize(created, 'license')}.`
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
