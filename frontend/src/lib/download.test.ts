import { afterEach, describe, expect, it, vi } from 'vitest'
import { filenameFromDisposition, filenameFromResponse, OBJECT_URL_LIFETIME_MS, sanitizeFilename, saveBlob } from './download'

describe('filenameFromDisposition', () => {
  it('reads the quoted, unquoted and RFC 5987 forms', () => {
    expect(filenameFromDisposition('attachment; filename="licenses-2026-11-29.csv"', 'x.csv')).toBe('licenses-2026-11-29.csv')
    expect(filenameFromDisposition('attachment; filename=customers.csv', 'x.csv')).toBe('customers.csv')
    expect(filenameFromDisposition("attachment; filename*=UTF-8''kunde%20%C3%BC.json; filename=\"k.json\"", 'x')).toBe('kunde ü.json')
  })

  it('falls back without a header or a name', () => {
    expect(filenameFromDisposition(null, 'fallback.csv')).toBe('fallback.csv')
    expect(filenameFromDisposition('attachment', 'fallback.csv')).toBe('fallback.csv')
    expect(filenameFromDisposition('attachment; filename=""', 'fallback.csv')).toBe('fallback.csv')
  })

  it('keeps the server from choosing a directory or a hidden or odd name', () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd')
    expect(filenameFromDisposition('attachment; filename="C:\\\\temp\\\\a.csv"', 'x')).toBe('a.csv')
    expect(sanitizeFilename('..hidden', 'x')).toBe('hidden')
    expect(sanitizeFilename('a<b>:c?.csv', 'x')).toBe('a_b__c_.csv')
    expect(sanitizeFilename('   ', 'x')).toBe('x')
  })

  it('reads a Response', () => {
    const response = new Response('', { headers: { 'Content-Disposition': 'attachment; filename="a.csv"' } })
    expect(filenameFromResponse(response, 'b.csv')).toBe('a.csv')
  })
})

describe('saveBlob', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('clicks a temporary link and revokes the URL after 30 s', () => {
    vi.useFakeTimers()
    const create = vi.fn(() => 'blob:test')
    const revoke = vi.fn()
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke })
    const clicked: HTMLAnchorElement[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this)
    })

    saveBlob(new Blob(['a,b']), '../report.csv')
    expect(clicked).toHaveLength(1)
    expect(clicked[0].download).toBe('report.csv')
    expect(clicked[0].isConnected).toBe(false)
    vi.advanceTimersByTime(OBJECT_URL_LIFETIME_MS - 1)
    expect(revoke).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(revoke).toHaveBeenCalledWith('blob:test')
  })
})
