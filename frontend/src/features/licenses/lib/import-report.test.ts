import { describe, expect, it } from 'vitest'
import type { ImportReport } from '../api/types'
import { formatBytes, importProblems, importSummary } from './import-report'

const dryRun: ImportReport = {
  dry_run: true,
  rows: 4,
  created: 2,
  duplicates: [{ line: 3, key: 'PRO-1', reason: 'the key already exists' }],
  failed: [{ line: 5, errors: { email: ['must be a valid email address'], row: ['has 5 columns, not 6'] } }],
}

describe('importProblems', () => {
  it('lists the failed and duplicate lines of the report, in line order, with their messages', () => {
    expect(importProblems(dryRun)).toEqual([
      { line: 3, kind: 'duplicate', messages: ['Duplicate key PRO-1: the key already exists'] },
      { line: 5, kind: 'failed', messages: ['email must be a valid email address', 'Row has 5 columns, not 6'] },
    ])
  })

  it('keeps a line that is both failed and a duplicate as failed', () => {
    const report: ImportReport = {
      ...dryRun,
      duplicates: [{ line: 5, key: 'K', reason: 'earlier in the file' }],
      failed: [{ line: 5, errors: { expires_at: ['must be a date'] } }],
    }
    expect(importProblems(report)).toEqual([
      { line: 5, kind: 'failed', messages: ['expires_at must be a date', 'Duplicate key K: earlier in the file'] },
    ])
  })

  it('is empty for a clean file', () => {
    expect(importProblems({ dry_run: true, rows: 2, created: 2, duplicates: [], failed: [] })).toEqual([])
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
