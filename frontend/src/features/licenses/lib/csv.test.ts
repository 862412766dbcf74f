import { describe, expect, it } from 'vitest'
import type { ImportReport } from '../api/types'
import { formatBytes, hasImportHeader, importResults, importSummary, parseCsv } from './csv'

const HEADER = 'key,product,email,name,expires_at,max_activations'

describe('parseCsv', () => {
  it('numbers records by the line they start on (header = line 1)', () => {
    const parsed = parseCsv(`${HEADER}\nK-1,pro,a@x.com,Ann,2027-01-01,3\n,pro,,,,\n`)
    expect(parsed.header).toEqual(['key', 'product', 'email', 'name', 'expires_at', 'max_activations'])
    expect(parsed.records).toEqual([
      { line: 2, cells: ['K-1', 'pro', 'a@x.com', 'Ann', '2027-01-01', '3'] },
      { line: 3, cells: ['', 'pro', '', '', '', ''] },
    ])
    expect(hasImportHeader(parsed)).toBe(true)
  })

  it('counts CRLF as one line, skips blank lines and trims cells', () => {
    const parsed = parseCsv(`\uFEFF${HEADER}\r\n\r\n K-1 , pro ,,,,\r\nK-2,pro,,,,`)
    expect(parsed.records.map((r) => [r.line, r.cells[0], r.cells[1]])).toEqual([
      [3, 'K-1', 'pro'],
      [4, 'K-2', 'pro'],
    ])
    expect(hasImportHeader(parsed)).toBe(true)
  })

  it('reads quoted cells with commas, quotes and line breaks', () => {
    const parsed = parseCsv(`${HEADER}\n,pro,a@x.com,"Smith, ""J""\nJr.",,\nK-3,pro,,,,\n`)
    expect(parsed.records[0]).toEqual({ line: 2, cells: ['', 'pro', 'a@x.com', 'Smith, "J"\nJr.', '', ''] })
    expect(parsed.records[1].line).toBe(4)
  })

  it('reports a wrong header', () => {
    expect(hasImportHeader(parseCsv('Key,Product,Email\n'))).toBe(false)
    expect(hasImportHeader(parseCsv(`${HEADER.toUpperCase()}\n`))).toBe(true)
    expect(parseCsv('').header).toEqual([])
  })
})

const dryRun: ImportReport = {
  dry_run: true,
  rows: 4,
  created: 2,
  duplicates: [{ line: 3, key: 'K-1', reason: 'the key appears earlier in the file' }],
  failed: [{ line: 5, errors: { email: ['must be a valid email address'], max_activations: ['must be a whole number of at least 1'] } }],
}

describe('importResults', () => {
  it('joins the report with the parsed rows, in line order', () => {
    const parsed = parseCsv(`${HEADER}\nK-1,pro,,,,\nK-1,pro,,,,\n,pro,b@x.com,,,\n,pro,not-an-email,,,0\n`)
    expect(importResults(parsed, dryRun)).toEqual([
      { line: 2, cells: ['K-1', 'pro', '', '', '', ''], outcome: 'ok', messages: [] },
      {
        line: 3,
        cells: ['K-1', 'pro', '', '', '', ''],
        outcome: 'duplicate',
        messages: ['Duplicate key K-1: the key appears earlier in the file'],
      },
      { line: 4, cells: ['', 'pro', 'b@x.com', '', '', ''], outcome: 'ok', messages: [] },
      {
        line: 5,
        cells: ['', 'pro', 'not-an-email', '', '', '0'],
        outcome: 'failed',
        messages: ['email must be a valid email address', 'max_activations must be a whole number of at least 1'],
      },
    ])
  })

  it('keeps lines the server reports even if they were not parsed here', () => {
    const report: ImportReport = { ...dryRun, duplicates: [], failed: [{ line: 9, errors: { row: ['has 2 columns; 6 expected'] } }] }
    expect(importResults(null, report)).toEqual([
      { line: 9, cells: null, outcome: 'failed', messages: ['Row has 2 columns; 6 expected'] },
    ])
  })
})

describe('importSummary', () => {
  it('summarises a dry run', () => {
    expect(importSummary(dryRun)).toBe('4 rows checked: 2 ready to import, 1 duplicate, 1 row with errors.')
  })

  it('summarises the real import', () => {
    expect(importSummary({ ...dryRun, dry_run: false })).toBe('Imported 2 licenses. Skipped 1 duplicate and 1 row with errors.')
    expect(importSummary({ dry_run: false, rows: 1, created: 1, duplicates: [], failed: [] })).toBe('Imported 1 license.')
  })
})

describe('formatBytes', () => {
  it('uses B, KB, MB', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MB')
  })
})
